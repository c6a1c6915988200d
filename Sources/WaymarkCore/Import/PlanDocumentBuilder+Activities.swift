/// Activities as plans identify them, and the numbers Waymark gives them.
///
/// A plan may number its activities through the whole plan (Tower Hamlets: "12." is activity 12
/// wherever it is), again in every area ("1." under each theme), or by level ("2.3"). Within an
/// area a reference names one activity; the numbers are settled once the whole file is read,
/// because only then is it known which way the plan counts.
extension PlanDocumentBuilder {
    /// The activity with this reference (or, with none, this title) in `area`, added if new.
    /// One reference with two titles in one area is a mistake in the file.
    mutating func activity(reference written: String, title writtenTitle: String, area: Int, line: Int) -> Position? {
        // Rows of one activity come together, so the last answer usually answers the next.
        if let last = lastActivity, last.area == area, last.reference == written, last.title == writtenTitle { return last.position }
        let found = lookUpActivity(reference: written, title: writtenTitle, area: area, line: line)
        lastActivity = found.map { (area, written, writtenTitle, $0) }
        return found
    }

    private mutating func lookUpActivity(reference written: String, title writtenTitle: String, area: Int, line: Int) -> Position? {
        let title = DelimitedText.oneLine(writtenTitle)
        guard fits(title, .title, line: line, field: "activity", what: "the activity") else { return nil }
        let reference = DelimitedText.oneLine(written)
        guard fits(reference, .short, line: line, field: "reference", what: "the activity's reference") else { return nil }
        let titleKey = "\(area)\u{1F}" + LeadNames.key(title)
        let referenceKey = "\(area)\u{1F}" + ActivityHeading.key(reference)

        if !reference.isEmpty, let found = activityByReference[referenceKey] {
            let existing = document.areas[found.area].activities[found.activity]
            if existing.title != title && LeadNames.key(existing.title) != LeadNames.key(title) {
                problem(line, "activity", "activity \(ActivityHeading.spoken(reference)) is \"\(title)\" here but \"\(existing.title)\" on line \(existing.line)")
                return nil
            }
            return found
        }
        // A reference written on the activity's first row only, or on every row but the first.
        if let found = activityByTitle[titleKey] {
            let existing = document.areas[found.area].activities[found.activity]
            if reference.isEmpty { return found }
            if existing.reference.isEmpty {
                document.areas[found.area].activities[found.activity].reference = reference
                activityByReference[referenceKey] = found
                return found
            }
        }
        document.areas[area].activities.append(.init(number: 0, title: title, line: line, milestones: [], reference: reference))
        let position = (area, document.areas[area].activities.count - 1)
        if !reference.isEmpty { activityByReference[referenceKey] = position }
        if activityByTitle[titleKey] == nil { activityByTitle[titleKey] = position }
        activityOrder.append(position)
        return position
    }

    /// The one activity Waymark makes for an area in a plan without activities, named after it.
    mutating func activity(madeFor area: Int, line: Int) -> Position {
        if let found = madeActivity[area] { return found }
        document.areas[area].activities.append(.init(number: 0, title: document.areas[area].name, line: line, milestones: [], reference: ""))
        let position = (area, document.areas[area].activities.count - 1)
        madeActivity[area] = position
        activityOrder.append(position)
        return position
    }

    /// Gives every activity its number: the file's own where every activity has a whole number
    /// and no number names two different activities, else 1, 2, 3… in the file's order. In a
    /// plan numbered throughout, one number with one title under two areas is one activity put
    /// under both by mistake, as it always was.
    mutating func numberActivities() {
        let activities = activityOrder.map { document.areas[$0.area].activities[$0.activity] }
        let given = activities.map { ActivityHeading.plainNumber($0.reference) }
        var throughout = !given.contains(nil)
        var late: [ImportProblem] = []
        if throughout {
            var first: [Int: Int] = [:]
            for (index, number) in given.enumerated() {
                guard let number else { continue }
                guard let earlier = first[number] else { first[number] = index; continue }
                let (here, there) = (activities[index], activities[earlier])
                guard LeadNames.key(here.title) == LeadNames.key(there.title) else {
                    // Another activity with the same number: the plan counts again in each area.
                    throughout = false
                    break
                }
                let (area, earlierArea) = (document.areas[activityOrder[index].area].name, document.areas[activityOrder[earlier].area].name)
                late.append(ImportProblem(line: here.line, field: "area",
                                          message: "activity \(number) is under \"\(area)\" here but under \"\(earlierArea)\" on line \(there.line)"))
            }
        }
        if throughout { problemsFoundLate(late) }
        for (index, position) in activityOrder.enumerated() {
            document.areas[position.area].activities[position.activity].number = throughout ? given[index]! : index + 1
        }
    }
}
