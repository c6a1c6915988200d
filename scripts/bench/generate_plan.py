#!/usr/bin/env python3
"""Writes a synthetic plan as CSV: realistic text lengths, joint leads, mixed deadline styles.

Usage: generate_plan.py OUT.csv [MILESTONES]   (default 100,000)
The same seed gives the same file, so figures from different runs compare like with like.
"""
import csv
import random
import sys

AREAS = ["Elections", "Grants", "Communications", "Property", "Organisational Culture",
         "Housing", "Finance", "Children's Services", "Adult Social Care", "Regeneration"]
VERBS = ["Review", "Complete", "Implement", "Develop", "Agree", "Publish", "Consult on", "Launch",
         "Procure", "Evaluate", "Report to Cabinet on", "Train staff on", "Audit", "Mobilise"]
OBJECTS = ["the governance arrangements", "the scheme of delegation", "the grants monitoring process",
           "community hub provision", "the statutory notices contract", "the media consumption survey",
           "the member and officer protocol", "the asset rental account", "depot provision across the borough",
           "the whistleblowing policy", "the employee values programme", "poll clerk training",
           "the voluntary sector compact", "the leisure facilities review", "declarations of interest"]
TAILS = ["", "", " with key stakeholders", " and report progress to the Improvement Board",
         " following the recommendations of the external review",
         ", including a session for all newly elected members", " across every directorate"]
FIRST = ["Will", "Louise", "Andreas", "Kelly", "Steven", "Richard", "Ann", "Steve", "Sharon", "Emily",
         "Matthew", "Minesh", "Zena", "Graham", "Stuart", "Neville", "Debbie", "Denise", "Priya", "Tom"]
LAST = ["Tuckley", "Stamp", "Christophorou", "Powell", "Girling", "Chilcott", "Sutcliffe", "Hill",
        "Godman", "Fieran-Reed", "Mannion", "Jani", "Cooke", "White", "Young", "Murton", "Jones", "Radley"]
MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def deadline(rng):
    year = rng.choice([17, 18, 19])
    month = rng.randrange(12)
    style = rng.random()
    if style < 0.55:
        return f"{MONTHS[month]}-{year}"
    if style < 0.65:
        return f"{rng.randint(1, 28)}/{month + 1:02d}/20{year}"
    if style < 0.72:
        end = min(month + rng.randint(1, 3), 11)
        return f"{MONTHS[month]}-{MONTHS[end]} {year}"
    if style < 0.78:
        return f"Q{rng.randint(1, 4)} 20{year}-{year + 1}"
    if style < 0.83:
        return f"{MONTHS[month]} {year} & {MONTHS[min(month + 6, 11)]} {year}"
    if style < 0.88:
        return f"{rng.randint(1, 28)}{rng.choice(['st', 'th', ''])} {MONTHS[month]} 20{year}"
    if style < 0.92:
        return f"{MONTHS[month]} {year} onwards"
    if style < 0.96:
        return "On-going"
    return f"by end 20{year}/{year + 1}"


def main():
    out = sys.argv[1]
    total = int(sys.argv[2]) if len(sys.argv) > 2 else 100_000
    rng = random.Random(2017)
    people = [f"{f} {l}" for f in FIRST for l in LAST]
    rng.shuffle(people)
    people = people[:300]
    per_activity = 40
    with open(out, "w", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(["Area", "Activity", "Milestone", "Lead Officer", "Deadline", "Forecast", "Completed"])
        for index in range(total):
            activity = index // per_activity + 1
            area = AREAS[(activity - 1) * len(AREAS) // (total // per_activity + 1)]
            if index % per_activity == 0:
                activity_title = f"{activity}. {rng.choice(VERBS)} {rng.choice(OBJECTS)}"
            title = f"{rng.choice(VERBS)} {rng.choice(OBJECTS)}{rng.choice(TAILS)} (step {index % per_activity + 1})"
            leads = rng.sample(people, 2 if rng.random() < 0.3 else 1)
            lead = rng.choice(["/", " / ", " & ", " and "]).join(leads)
            forecast = completed = ""
            roll = rng.random()
            if roll < 0.35:
                completed = f"20{rng.choice([17, 18])}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            elif roll < 0.5:
                forecast = f"20{rng.choice([18, 19])}-{rng.randint(1, 12):02d}-{rng.randint(1, 28):02d}"
            writer.writerow([area, activity_title, title, lead, deadline(rng), forecast, completed])


if __name__ == "__main__":
    main()
