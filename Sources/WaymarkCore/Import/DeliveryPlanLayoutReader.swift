/// The delivery plan as it comes out of a Word document, one table row a line:
///
///     Elections
///     Activities	Lead Officer	Deadline
///     1. Planning for 2018 Mayoral and local elections
///     Key Milestones
///     Joint working with partner agencies	Will Tuckley/Louise Stamp	May-18
///
/// An area heading is a one-cell row followed by a header row or a numbered activity. Prose
/// before the first header row is the document's introduction and is passed over; after it,
/// any row that is not understood is reported, so nothing in the plan is dropped unseen.
enum DeliveryPlanLayoutReader {
    struct ColumnMap {
        var title = 0
        var lead = 1
        var deadline = 2
        var forecast: Int?
        var completed: Int?
        var status: Int?
        var withdrawnReason: Int?
    }

    static func read(rows: [TextRow], today: CalendarDate?, scheme: StatusScheme = .standard) throws(ImportFailure) -> PlanDocument {
        var builder = PlanDocumentBuilder(today: today, scheme: scheme)
        var columns = ColumnMap()
        var started = false
        var area: Int?
        var activity: (area: Int, activity: Int)?
        var pendingHeading: TextRow?

        let significant = rows.filter { !$0.isBlank && !isRedaction($0) }
        if let first = significant.first, first.nonEmptyCount == 1 { builder.setTitle(first[cell: 0]) }

        func reportStray(_ row: TextRow, _ builder: inout PlanDocumentBuilder) {
            builder.problem(row.line, nil, "\"\(row[cell: 0].prefix(60))\" is not an area heading, activity or milestone; a milestone row needs a lead officer and a deadline")
        }

        for (position, row) in significant.enumerated() {
            let next = position + 1 < significant.count ? significant[position + 1] : nil
            if let header = headerColumns(row) {
                if let heading = pendingHeading {
                    area = builder.area(named: areaName(heading), line: heading.line)
                    activity = nil
                    pendingHeading = nil
                } else if !started {
                    // A header with no heading above it: the plan's areas are unnamed.
                    area = builder.area(named: "Plan", line: row.line)
                }
                started = true
                columns = header
                builder.hasCompletionColumn = header.completed != nil
                continue
            }
            if isKeyMilestonesRow(row) { continue }

            if let numbered = numberedActivity(row) {
                if let heading = pendingHeading {
                    area = builder.area(named: areaName(heading), line: heading.line)
                    pendingHeading = nil
                    started = true
                }
                guard started, let currentArea = area else { continue }
                activity = builder.activity(reference: numbered.reference, title: numbered.title, area: currentArea, line: row.line)
                continue
            }

            if row.nonEmptyCount == 1 && !row[cell: 0].isEmpty && row.cells.count == 1 {
                if started, let heading = pendingHeading { reportStray(heading, &builder) }
                let leadsToHeader = next.map { headerColumns($0) != nil || numberedActivity($0) != nil } ?? false
                if leadsToHeader || !started {
                    pendingHeading = row
                } else {
                    reportStray(row, &builder)
                    pendingHeading = nil
                }
                continue
            }
            pendingHeading = nil
            guard started else { continue }
            guard let currentActivity = activity else {
                builder.problem(row.line, nil, "this milestone comes before any numbered activity such as \"1. Planning for elections\"")
                continue
            }
            var cells = MilestoneCells(line: row.line, title: row[cell: columns.title], lead: row[cell: columns.lead], deadline: row[cell: columns.deadline])
            cells.forecast = columns.forecast.map { row[cell: $0] } ?? ""
            cells.completed = columns.completed.map { row[cell: $0] } ?? ""
            cells.status = columns.status.map { row[cell: $0] } ?? ""
            cells.withdrawnReason = columns.withdrawnReason.map { row[cell: $0] } ?? ""
            builder.addMilestone(cells, to: currentActivity)
        }
        return try builder.finish()
    }

    /// "Activities / Lead Officer / Deadline" (or "Key Activities …"), perhaps with Forecast,
    /// Completed and Status columns after them.
    static func headerColumns(_ row: TextRow) -> ColumnMap? {
        let first = PlanColumn.normalise(row[cell: 0])
        guard ["activities", "key activities", "activity", "key activity"].contains(first), row.cells.count >= 2 else { return nil }
        var map = ColumnMap()
        var sawLead = false, sawDeadline = false
        for (index, heading) in row.cells.enumerated() where index > 0 {
            switch PlanColumn(heading: heading) {
            case .lead: map.lead = index; sawLead = true
            case .deadline: map.deadline = index; sawDeadline = true
            case .forecast: map.forecast = index
            case .completed: map.completed = index
            case .status: map.status = index
            case .withdrawnReason: map.withdrawnReason = index
            default: break
            }
        }
        return sawLead || sawDeadline ? map : nil
    }

    static func isKeyMilestonesRow(_ row: TextRow) -> Bool {
        row.nonEmptyCount == 1 && ["key milestones", "key milestone", "milestones"].contains(PlanColumn.normalise(row[cell: 0]))
    }

    /// "1. Planning for elections", read as today: a whole number, then "." or ")".
    static func numberedActivity(_ row: TextRow) -> (reference: String, title: String)? {
        guard row.nonEmptyCount == 1 else { return nil }
        return ActivityHeading.wholeNumberReference(in: row[cell: 0])
    }

    /// "[Redacted Content]" marks where the council removed text before publishing.
    static func isRedaction(_ row: TextRow) -> Bool {
        row.nonEmptyCount == 1 && row[cell: 0].hasPrefix("[") && row[cell: 0].hasSuffix("]")
    }

    /// "Elections:" in the heading row names the area "Elections".
    static func areaName(_ row: TextRow) -> String {
        var name = row[cell: 0]
        while name.hasSuffix(":") { name.removeLast() }
        return name
    }
}
