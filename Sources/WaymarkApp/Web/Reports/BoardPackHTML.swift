import WaymarkCore

/// The Board report pack for one period, laid out as the council's papers are: title block,
/// introduction, recommendations, overall progress with the chart and the area table, each
/// area's narrative, and the appendices (summary, delivery plan, revised timescales).
enum BoardPackHTML {
    static func title(_ report: PeriodReport) -> String {
        "\(report.planTitle) – \(report.period.months) Update"
    }

    /// A standalone document with its stylesheet inside, for PDF printing and for files.
    static func document(_ report: PeriodReport, generatedOn: CalendarDate) -> String {
        let page: HTML = """
        <html lang="en-GB"><head><meta charset="utf-8"><title>\(title(report))</title><style>\(HTML(unsafe: Assets.stylesheet))\(HTML(unsafe: printStyles(report)))</style></head>
        <body><div class="width-container"><main class="main" id="main-content">\(body(report, generatedOn: generatedOn))</main></div></body></html>
        """
        return "<!DOCTYPE html>\n" + page.rendered
    }

    /// Styles only the standalone document carries: the web page's Content-Security-Policy allows
    /// no inline styles, and a browser printing it adds its own page numbers.
    ///
    /// Every printed page carries the report's title and "Page 3 of 12" at its foot, as the
    /// council's papers do. Chromium's command line cannot take a footer template, but Chromium
    /// (131 and later) prints CSS page-margin boxes. Appendix 1 gives the activity names half the
    /// width, where the count columns would otherwise take more than they need.
    static func printStyles(_ report: PeriodReport) -> String {
        let font = "font: 9pt \"Helvetica Neue\", Helvetica, Arial, sans-serif; color: #505a5f"
        return """
        @page { margin-bottom: 20mm;
          @bottom-left { content: \(cssString(title(report))); \(font); vertical-align: top; padding-top: 4mm }
          @bottom-right { content: "Page " counter(page) " of " counter(pages); \(font); vertical-align: top; padding-top: 4mm; white-space: nowrap } }
        .activity-summary__activity { width: 50% }
        """
    }

    /// A quoted CSS string for any text: quotes and backslashes escaped, and control characters
    /// and angle brackets as hex escapes, so nothing in a title can end the string or the
    /// `<style>` element around it.
    static func cssString(_ text: String) -> String {
        var quoted = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"", "\\": quoted += "\\" + String(scalar)
            case "<", ">", "\u{0}"..."\u{1F}", "\u{7F}": quoted += "\\" + String(scalar.value, radix: 16) + " "
            default: quoted.unicodeScalars.append(scalar)
            }
        }
        return quoted + "\""
    }

    static func body(_ report: PeriodReport, generatedOn: CalendarDate) -> HTML {
        let pending = report.revisions.filter { $0.state == .pending }
        let date = report.presentedAt?.day ?? generatedOn
        let recommendations: HTML = pending.isEmpty
            ? "<li>Consider and comment on this update report.</li>"
            : "<li>Consider and comment on this update report.</li><li>Consider and agree the \(pending.count) revised milestone timescale\(pending.count == 1 ? "" : "s") in Appendix 3.</li>"
        return """
        \(report.recordedOn.map { HTML("<p><strong class=\"tag tag--draft\">As it stood</strong> The plan as it stood at the end of \($0.display), rebuilt from the audit trail.</p>") }
            ?? (report.isFinal ? HTML("") : HTML("<p><strong class=\"tag tag--draft\">Draft</strong> The period is still open; these figures will change until it closes.</p>")))
        <p class="caption">\(report.presentedAt?.board ?? "Improvement Board")</p>
        <table class="table title-block"><caption class="visually-hidden">Report details</caption>
        <thead><tr><th scope="col">Title</th><th scope="col">Author</th><th scope="col">Item no.</th><th scope="col">Date</th></tr></thead>
        <tbody><tr><td>\(title(report))</td><td>\(report.author ?? "Strategy, Policy and Performance")</td><td>\(report.presentedAt.map { String($0.item) } ?? "")</td><td>\(date.display)</td></tr></tbody></table>
        <h1>\(title(report))</h1>
        <h2>1. Introduction</h2>
        <p>This report provides an update on the \(report.planTitle) covering \(report.period.label), \(report.period.months). It details progress across the \(report.areas.count) areas of \(report.areas.map(\.name).listed) and the \(report.activities.count) activities in the plan.</p>
        <h2>2. Recommendations</h2>
        <p>The Board is asked to:</p><ol>\(recommendations)</ol>
        <h2>3. Overall progress</h2>
        <p>\(progressSentences(report))</p>
        <p>To keep the reporting of key milestones consistent, these criteria are applied:</p>
        \(criteria(report.scheme))
        <h3>Status by area, \(report.period.label)</h3>
        \(StatusChart.svg(rows: report.areas.map { StatusRow(areaID: $0.areaID, name: $0.name, counts: $0.counts) },
                          title: "Milestone status by area, \(report.period.label), as at \(report.asOf.display)", describedBy: "pack-area-table",
                          scheme: report.scheme))
        \(areaTable(report, caption: "Milestones by status and area, as at \(report.asOf.display)", id: "pack-area-table"))
        \(narratives(report))
        \(outcomes(report))
        \(registers(report))
        \(recommendationProgress(report))
        <h2 class="page-break">Appendix 1: \(report.planTitle) summary</h2>
        \(activityTable(report))
        <h2 class="page-break">Appendix 2: \(report.planTitle) delivery plan</h2>
        \(deliveryPlan(report))
        <h2 class="page-break">Appendix 3: revised milestone timescales</h2>
        \(revisionTable(report))
        """
    }

    /// The criteria as the Board agreed them; another scheme's statuses with what each means.
    static func criteria(_ scheme: StatusScheme) -> HTML {
        guard !scheme.isStandard else {
            return """
            <ul>
              <li><strong>On Target</strong>: the key milestone will be achieved by the deadline.</li>
              <li><strong>Completed</strong>: the key milestone has been achieved.</li>
              <li><strong>Delayed</strong>: not yet completed, but will be completed within a month of the original deadline.</li>
              <li><strong>Overdue</strong>: delayed by more than a month from the original deadline.</li>
            </ul>
            """
        }
        return "<ul>\(scheme.statuses.map { "<li><strong>\($0.short)</strong>: \(scheme.meaning(of: $0)).</li>" as HTML })</ul>"
    }

    static func progressSentences(_ report: PeriodReport) -> String {
        let c = report.total
        guard c.active > 0 else { return "There are no active milestones in this period." }
        guard report.scheme.isStandard else {
            let each = report.scheme.statuses.map { "\(c[code: $0.code]) \($0.short)" }.joined(separator: ", ")
            var text = "As at \(report.asOf.display), \(c.active) milestones are active: \(each). " + c.sentence(in: report.scheme)
            if c.withdrawn > 0 { text += " \(c.withdrawn) withdrawn milestone\(c.withdrawn == 1 ? " is" : "s are") not counted." }
            return text
        }
        var text = "As at \(report.asOf.display), \(c.active) milestones are active. \(c.percentCompletedOrOnTarget ?? 0)% of milestones are completed or on target (\(c.completed + c.onTarget) of \(c.active)): \(c.completed) completed and \(c.onTarget) on target. \(c.percentDelayedOrOverdue ?? 0)% are delayed or overdue: \(c.delayed) delayed and \(c.overdue) overdue."
        if c.withdrawn > 0 { text += " \(c.withdrawn) withdrawn milestone\(c.withdrawn == 1 ? " is" : "s are") not counted." }
        let retimed = report.lines.filter { $0.revisionCount > 0 }.count
        if retimed > 0 { text += " \(retimed) milestone\(retimed == 1 ? " has" : "s have") a revised deadline agreed by the Board; status is still measured against the original deadline." }
        return text
    }

    static func areaTable(_ report: PeriodReport, caption: String, id: String = "area-table") -> HTML {
        let statuses = report.scheme.statuses
        func cells(_ c: StatusCounts) -> HTML { HTML(unsafe: statuses.map { "<td class=\"numeric\">\(c[code: $0.code])</td>" }.joined()) }
        let rows = report.areas.map { area -> HTML in
            let c = area.counts
            let rating: HTML = area.override.map { o in
                "\(FormFields.ratingTag(o.rating))<br><span class=\"hint\">Overridden (the rule gives \(area.ruleRating?.label ?? "no rating")): \(o.justification)</span>"
            } ?? FormFields.ratingTag(area.ruleRating)
            return """
            <tr><th scope="row">\(area.name)</th>\(cells(c))<td class="numeric">\(c.active)</td><td class="numeric">\(c.percentComplete.percentText)</td><td>\(rating)</td></tr>
            """
        }
        let t = report.total
        let headings = statuses.map { "<th scope=\"col\" class=\"numeric\">\($0.short)</th>" as HTML }
        return """
        <table class="table" id="\(id)"><caption>\(caption)</caption>
        <thead><tr><th scope="col">Area</th>\(headings)<th scope="col" class="numeric">Active</th><th scope="col" class="numeric">% complete</th><th scope="col">Delivery status</th></tr></thead>
        <tbody>\(rows)<tr class="table__total"><th scope="row">Total</th>\(cells(t))<td class="numeric">\(t.active)</td><td class="numeric">\(t.percentComplete.percentText)</td><td></td></tr></tbody></table>
        """
    }

    static func narratives(_ report: PeriodReport) -> HTML {
        let sections = report.areas.compactMap { area -> HTML? in
            guard let text = report.narratives[area.areaID] else { return nil }
            func section(_ heading: String, _ body: String) -> HTML {
                body.isEmpty ? "" : "<h4>\(heading)</h4>\(paragraphs(body))"
            }
            return """
            <section><h3>\(area.name): overall delivery status \(FormFields.ratingTag(area.rating))</h3>
            \(section("Background", text.background))\(section("Key achievements", text.achievements))\(section("Areas where work continues to progress", text.continuing))</section>
            """
        }
        return sections.isEmpty ? "" : "<h2>4. Progress by area</h2>\(sections)"
    }

    /// Each area's measurable outcomes for the period, with the whole plan's after them.
    static func outcomes(_ report: PeriodReport) -> HTML {
        guard !report.outcomes.isEmpty else { return "" }
        var groups: [(area: String?, rows: [PeriodOutcome])] = []
        for outcome in report.outcomes {
            if let last = groups.last, last.area == outcome.area { groups[groups.count - 1].rows.append(outcome) } else { groups.append((outcome.area, [outcome])) }
        }
        let sections = groups.map { group -> HTML in
            let rows = group.rows.map { o -> HTML in
                let value: HTML = o.value == nil && o.awaitingSignOff ? "<span class=\"hint\">Awaiting sign-off</span>" : "\(o.shown(o.value))"
                return """
                <tr><th scope="row">\(o.kpi)</th><td class="numeric">\(value)</td><td class="numeric">\(o.shown(o.target))</td>
                <td>\(KPIPagesController.ratingTag(o.rating))</td><td>\(KPIPagesController.direction(o.direction))</td><td>\(o.benchmark ?? "")</td><td>\(o.commentary)</td></tr>
                """
            }
            let name = group.area ?? "The whole plan"
            return """
            <section><h3>\(name): measurable outcomes</h3>
            <table class="table"><caption class="visually-hidden">Measurable outcomes of \(name), \(report.period.label)</caption>
            <thead><tr><th scope="col">KPI</th><th scope="col" class="numeric">Value</th><th scope="col" class="numeric">Target</th><th scope="col">Rating</th>
            <th scope="col">Direction of travel</th><th scope="col">Benchmark</th><th scope="col">Commentary</th></tr></thead><tbody>\(rows)</tbody></table></section>
            """
        }
        let number = report.areas.contains { report.narratives[$0.areaID] != nil } ? 5 : 4
        return "<h2>\(number). Measurable outcomes</h2><p>Each KPI's value for \(report.period.label) against its target: GREEN on or better than the target, AMBER worse but within its tolerance, RED beyond it.</p>\(sections)"
    }

    /// Blank lines separate paragraphs; lines starting "- " become a list.
    static func paragraphs(_ text: String) -> HTML {
        let blocks = text.replacingOccurrences(of: "\r\n", with: "\n").components(separatedBy: "\n\n")
        return HTML(unsafe: blocks.map { block -> String in
            let lines = block.split(separator: "\n").map { String($0).trimmingCharacters(in: .whitespaces) }
            if !lines.isEmpty, lines.allSatisfy({ $0.hasPrefix("- ") }) {
                return "<ul>" + lines.map { "<li>" + HTML.escape(String($0.dropFirst(2))) + "</li>" }.joined() + "</ul>"
            }
            return "<p>" + HTML.escape(lines.joined(separator: " ")) + "</p>"
        }.joined())
    }

    /// Appendix 1. Each area heads its own group of rows rather than filling a column of its
    /// own, which leaves the activity names room to read on a screen and on an A4 page.
    static func activityTable(_ report: PeriodReport) -> HTML {
        var groups: [(area: String, rows: [HTML])] = []
        let statuses = report.scheme.statuses
        for a in report.activities {
            let c = a.counts
            let cells = HTML(unsafe: statuses.map { "<td class=\"numeric\">\(c[code: $0.code])</td>" }.joined())
            let row: HTML = "<tr><td class=\"numeric\">\(a.label)</td><td>\(a.title)</td>\(cells)<td class=\"numeric\">\(c.percentComplete.percentText)</td></tr>"
            if groups.last?.area == a.areaName { groups[groups.count - 1].rows.append(row) } else { groups.append((a.areaName, [row])) }
        }
        let bodies = groups.map { group -> HTML in
            "<tbody><tr><th scope=\"rowgroup\" colspan=\"\(statuses.count + 3)\">\(group.area)</th></tr>\(group.rows)</tbody>"
        }
        let headings = statuses.map { "<th scope=\"col\" class=\"numeric\">\($0.short)</th>" as HTML }
        return """
        <table class="table activity-summary"><caption class="visually-hidden">Plan summary by area and activity</caption>
        <colgroup><col><col class="activity-summary__activity"><col span="\(statuses.count + 1)"></colgroup>
        <thead><tr><th scope="col" class="numeric">No.</th><th scope="col">Activity</th>\(headings)<th scope="col" class="numeric">% complete</th></tr></thead>\(bodies)</table>
        """
    }

    static func deliveryPlan(_ report: PeriodReport) -> HTML {
        var parts: [HTML] = []
        var area = ""
        var rows: [HTML] = []
        func flush() {
            guard !rows.isEmpty else { return }
            parts.append("""
            <table class="table"><caption>\(area)</caption>
            <thead><tr><th scope="col">Ref</th><th scope="col">Key milestone</th><th scope="col">Lead officer</th><th scope="col">Deadline</th><th scope="col">Revised deadline</th>
            <th scope="col">Status</th><th scope="col">Latest commentary</th></tr></thead><tbody>\(rows)</tbody></table>
            """)
            rows = []
        }
        for line in report.lines {
            if line.areaName != area { flush(); area = line.areaName }
            let status: HTML = report.status(of: line).map { Layout.statusTag($0.short, key: $0.colour) } ?? Layout.statusTag("Withdrawn", key: "withdrawn")
            let revised: HTML = line.revisedDeadlineText.map { text in
                "\(text)<br><span class=\"hint\">Re-timed \(line.revisionCount) time\(line.revisionCount == 1 ? "" : "s")\(line.statusAgainstRevised.map { "; \($0.label) against it" } ?? "")</span>"
            } ?? ""
            rows.append("<tr><td>\(line.ref)</td><td>\(line.title)</td><td>\(line.leads)</td><td>\(line.deadlineText)</td><td>\(revised)</td><td>\(status)</td><td>\(line.commentary ?? "")</td></tr>")
        }
        flush()
        return HTML(unsafe: parts.map(\.rendered).joined())
    }

    static func revisionTable(_ report: PeriodReport) -> HTML {
        guard !report.revisions.isEmpty else { return "<p>No revised timescales have been proposed.</p>" }
        let rows = report.revisions.map { r -> HTML in
            "<tr><td>\(r.ref)</td><td>\(r.milestone)</td><td>\(r.leads)</td><td>\(r.original)</td><td>\(r.proposed)</td><td>\(r.reason)</td><td>\(r.decided ?? "For the Board to agree")</td></tr>"
        }
        return """
        <table class="table"><caption>Revised milestone timescales</caption>
        <thead><tr><th scope="col">Ref</th><th scope="col">Key milestone</th><th scope="col">Lead officer</th><th scope="col">Original deadline</th><th scope="col">Proposed deadline</th>
        <th scope="col">Reason</th><th scope="col">Decision</th></tr></thead><tbody>\(rows)</tbody></table>
        """
    }
}

extension Array where Element == String {
    /// "A, B and C".
    var listed: String {
        count <= 1 ? joined() : dropLast().joined(separator: ", ") + " and " + last!
    }
}
