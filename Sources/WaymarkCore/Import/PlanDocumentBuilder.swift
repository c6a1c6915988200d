/// The cells of one milestone row, as written, whichever file layout they came from.
public struct MilestoneCells: Sendable {
    public var line: Int
    public var title: String
    public var lead: String
    public var deadline: String
    public var forecast: String = ""
    public var completed: String = ""
    public var status: String = ""
    public var withdrawnReason: String = ""
    /// The row's own reference ("1.2.3"), in a table with a column for it.
    public var reference: String = ""

    public init(line: Int, title: String, lead: String, deadline: String) {
        self.line = line
        self.title = title
        self.lead = lead
        self.deadline = deadline
    }
}

/// Collects areas, activities and milestones from either reader, checks every cell, and keeps
/// every problem rather than stopping at the first.
struct PlanDocumentBuilder {
    typealias Position = (area: Int, activity: Int)

    var document = PlanDocument()
    private(set) var problems: [ImportProblem] = []
    private var areaIndex: [String: Int] = [:]
    /// Activities as the file identifies them within an area: by reference, or by title where
    /// it gives none; and those Waymark made for areas without activities. See +Activities.
    var activityByReference: [String: Position] = [:]
    var activityByTitle: [String: Position] = [:]
    var madeActivity: [Int: Position] = [:]
    var lastActivity: (area: Int, reference: String, title: String, position: Position)?
    /// Every activity in the order the file first names it, for numbering them at the end.
    var activityOrder: [Position] = []
    /// Plans repeat the same deadlines and lead cells many times; each is worked out once.
    private var deadlines: [String: Result<Deadline, DeadlineParseError>] = [:]
    private var leadSplits: [String: [String]] = [:]
    /// Rows of one area come together, so the last lookup usually answers the next.
    private var lastArea: (name: String, index: Int)?
    let today: CalendarDate?
    /// The plan's statuses, in whose words a status column is read.
    let scheme: StatusScheme
    /// Whether the rows being read have a completion date column; a completed status without a
    /// date is a mistake only where there was somewhere to write one.
    var hasCompletionColumn = false
    var warnedCompletedWithoutDate = false

    init(today: CalendarDate?, scheme: StatusScheme = .standard) {
        self.today = today
        self.scheme = scheme
    }

    mutating func problem(_ line: Int, _ field: String?, _ message: String) {
        problems.append(ImportProblem(line: line, field: field, message: message))
    }

    /// True when `text` is within `limit` and holds no character the limit refuses (a title, a
    /// name or a deadline is one line, without tabs or other control characters); otherwise
    /// records the problem. `allowingLineBreaks` is for a cell whose lines are separate entries.
    mutating func fits(_ text: String, _ limit: TextLimit, line: Int, field: String, what: String, allowingLineBreaks: Bool = false) -> Bool {
        guard let message = limit.importProblem(text, what: what, allowingLineBreaks: allowingLineBreaks) else { return true }
        problem(line, field, message)
        return false
    }

    /// Problems found only once the whole file is read go among the others by line, so the
    /// list still reads from the top of the file down.
    mutating func problemsFoundLate(_ late: [ImportProblem]) {
        guard !late.isEmpty else { return }
        problems = (problems + late).enumerated()
            .sorted { ($0.element.line, $0.offset) < ($1.element.line, $1.offset) }
            .map(\.element)
    }

    mutating func warn(_ line: Int, _ field: String?, _ message: String) {
        document.warnings.append(ImportProblem(line: line, field: field, message: message))
    }

    mutating func setTitle(_ title: String) {
        _ = fits(title, .title, line: 1, field: "title", what: "the plan's title")
        document.title = title
    }

    /// The area with this name (case and spacing ignored), added if new.
    mutating func area(named written: String, line: Int) -> Int {
        let name = DelimitedText.oneLine(written)
        if let last = lastArea, last.name == name { return last.index }
        defer { lastArea = (name, areaIndex[LeadNames.key(name)]!) }
        let key = LeadNames.key(name)
        if let index = areaIndex[key] { return index }
        _ = fits(name, .name, line: line, field: "area", what: "the area's name")
        document.areas.append(.init(name: name, line: line, activities: []))
        areaIndex[key] = document.areas.count - 1
        return document.areas.count - 1
    }

    mutating func addMilestone(_ written: MilestoneCells, to position: (area: Int, activity: Int)) {
        // A line break typed inside a spreadsheet cell (Alt+Enter) is a space in a one-line title.
        var cells = written
        cells.title = DelimitedText.oneLine(cells.title)
        let line = cells.line
        var ok = true
        if cells.title.isEmpty { problem(line, "milestone", "the milestone has no title"); ok = false }
        if !fits(cells.title, .title, line: line, field: "milestone", what: "the milestone") { ok = false }
        // Joint leads may be written one a line; each name is then checked on its own below.
        if !fits(cells.lead, .title, line: line, field: "lead officer", what: "the lead officer cell", allowingLineBreaks: true) { ok = false }
        if !fits(cells.deadline, .short, line: line, field: "deadline", what: "the deadline") { ok = false }
        if !fits(cells.withdrawnReason, .text, line: line, field: "withdrawn reason", what: "the reason for withdrawing it") { ok = false }
        let leads: [String]
        if let known = leadSplits[cells.lead] {
            leads = known
        } else {
            leads = LeadNames.split(cells.lead)
            leadSplits[cells.lead] = leads
        }
        if leads.isEmpty { problem(line, "lead officer", "no lead officer is given"); ok = false }
        for lead in leads where !fits(lead, .name, line: line, field: "lead officer", what: "the name \"\(lead.prefix(40))…\"") { ok = false }

        var deadline: Deadline?
        if cells.deadline.isEmpty {
            problem(line, "deadline", "no deadline is given; write one such as \"May-18\", or \"On-going\"")
        } else {
            let parsed = deadlines[cells.deadline] ?? Result { () throws(DeadlineParseError) in try DeadlineParser.parse(cells.deadline) }
            deadlines[cells.deadline] = parsed
            switch parsed {
            case .success(let value): deadline = value
            case .failure(let error): problem(line, "deadline", error.description)
            }
        }
        let forecast = date(cells.forecast, line: line, field: "forecast", monthMeansLastDay: true)
        var completed = date(cells.completed, line: line, field: "completed", monthMeansLastDay: false)
        if let done = completed, let today, done > today {
            problem(line, "completed", "the completion date \(done.display) is in the future")
            completed = nil
        }

        var withdrawnReason: String? = cells.withdrawnReason.isEmpty ? nil : cells.withdrawnReason
        let reported = reportedStatus(cells, withdrawnReason: &withdrawnReason)
        let reference = DelimitedText.oneLine(cells.reference)
        if !fits(reference, .short, line: line, field: "reference", what: "the reference") { ok = false }
        guard ok, let deadline else { return }
        document.areas[position.area].activities[position.activity].milestones.append(.init(
            line: line, title: cells.title, leadsWritten: cells.lead, leads: leads, deadline: deadline,
            forecast: forecast, completedOn: completed, withdrawnReason: withdrawnReason,
            reference: reference.isEmpty ? nil : reference, reportedStatus: reported
        ))
    }

    /// A forecast or completion date. A month alone ("May-18") is fine for a forecast (its last
    /// day) but not for a completion, which happened on one day.
    private mutating func date(_ text: String, line: Int, field: String, monthMeansLastDay: Bool) -> CalendarDate? {
        guard !text.isEmpty else { return nil }
        if let iso = CalendarDate(iso: text) { return iso }
        let example = "such as 31/05/2018 or 31 May 2018"
        guard let parsed = try? DeadlineParser.parse(text), parsed.kind == .dated, let due = parsed.due,
              parsed.checkpoints.isEmpty else {
            problem(line, field, "\"\(text)\" is not a date; give one day, \(example)")
            return nil
        }
        if parsed.earliestStart == due { return due }
        if monthMeansLastDay, parsed.earliestStart == CalendarDate.firstDay(month: due.month, year: due.year) { return due }
        problem(line, field, "\"\(text)\" is not a single day; give one, \(example)")
        return nil
    }

    /// Replaces cut-short lead names with the full name they stand for, then hands back the
    /// document, or every problem found.
    mutating func finish() throws(ImportFailure) -> PlanDocument {
        numberActivities()
        if document.milestoneCount == 0 && problems.isEmpty {
            problem(1, nil, "no milestones were found; see the README for the layouts Waymark reads")
        }
        guard problems.isEmpty else { throw ImportFailure(problems: problems) }

        let allNames = document.areas.flatMap { $0.activities.flatMap { $0.milestones.flatMap(\.leads) } }
        let (resolved, ambiguous) = LeadNames.expansions(among: allNames)
        var warned = Set<String>()
        for a in document.areas.indices {
            for b in document.areas[a].activities.indices {
                for c in document.areas[a].activities[b].milestones.indices {
                    let milestone = document.areas[a].activities[b].milestones[c]
                    if resolved.isEmpty && ambiguous.isEmpty && milestone.leads.count < 2 { continue }
                    let names = milestone.leads.map { name -> String in
                        let key = LeadNames.key(name)
                        if let full = resolved[key] {
                            if warned.insert(key).inserted {
                                warn(milestone.line, "lead officer", "\"\(name)\" is taken to be \"\(full)\", the only lead whose name begins with it")
                            }
                            return full
                        }
                        if let options = ambiguous[key], warned.insert(key).inserted {
                            warn(milestone.line, "lead officer", "\"\(name)\" could be \(options.joined(separator: " or ")); it is kept as a separate person")
                        }
                        return name
                    }
                    if names.count > 1 {
                        document.areas[a].activities[b].milestones[c].leads = LeadNames.distinct(names)
                    } else if !resolved.isEmpty || !ambiguous.isEmpty {
                        document.areas[a].activities[b].milestones[c].leads = names
                    }
                }
            }
        }
        for area in document.areas {
            if area.activities.isEmpty { warn(area.line, "area", "the area \"\(area.name)\" has no activities") }
            for activity in area.activities where activity.milestones.isEmpty {
                let named = activity.reference.isEmpty ? "\"\(activity.title)\"" : ActivityHeading.spoken(activity.reference)
                warn(activity.line, "activity", "activity \(named) has no milestones")
            }
        }
        return document
    }
}
