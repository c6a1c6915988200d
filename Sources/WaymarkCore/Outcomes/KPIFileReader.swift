import Foundation

/// Reads measurable outcomes from rows of a table, one row per KPI per period, under a header row
/// naming the columns. All or nothing: every bad row is named with its line and column.
public enum KPIFileReader {
    /// Column names as people write them, to the field each fills.
    static let columns: [String: String] = [
        "kpi": "kpi", "indicator": "kpi", "measure": "kpi", "area": "area", "unit": "unit", "polarity": "polarity",
        "frequency": "frequency", "roll-up": "roll_up", "roll up": "roll_up", "rollup": "roll_up", "owner": "owner",
        "period": "period", "value": "value", "target": "target", "tolerance": "tolerance", "band": "band",
        "benchmark": "benchmark", "benchmark source": "benchmark_source", "benchmark date": "benchmark_date",
        "commentary": "commentary", "comment": "commentary", "provisional": "provisional", "description": "description",
        "data source": "data_source", "source": "data_source", "published": "published", "publish": "published",
    ]

    static let units: [String: KPIUnit] = [
        "percentage": .percentage, "percent": .percentage, "%": .percentage, "number": .number, "count": .number,
        "money": .money, "£": .money, "gbp": .money, "pounds": .money, "days": .days, "yes/no": .yesNo, "yes_no": .yesNo,
        "yes or no": .yesNo, "ratio": .ratio,
    ]
    static let frequencies: [String: KPIFrequency] = [
        "monthly": .monthly, "quarterly": .quarterly, "six-monthly": .sixMonthly, "six monthly": .sixMonthly,
        "six_monthly": .sixMonthly, "half-yearly": .sixMonthly, "annual": .annual, "annually": .annual, "yearly": .annual,
    ]
    static let rollUps: [String: KPIRollUp] = [
        "cumulative": .cumulative, "added up": .cumulative, "sum": .cumulative, "latest": .latest, "latest value": .latest,
        "average": .average, "mean": .average,
    ]

    /// Whether a row of headings names the KPI and Period columns, as a sheet of KPIs' does.
    public static func isHeader(_ cells: [String]) -> Bool {
        let fields = Set(cells.compactMap { columns[DelimitedText.collapseSpaces($0).lowercased()] })
        return fields.contains("kpi") && fields.contains("period")
    }

    /// One KPI's definition from a header and one row; the row's period may be empty.
    public static func definition(_ header: TextRow, _ row: TextRow) throws(ImportFailure) -> KPIDefinition {
        var index: [String: Int] = [:]
        for (position, cell) in header.cells.enumerated() { if let field = columns[cell.lowercased()] { index[field] = position } }
        var reading = RowReading(row: row, index: index)
        var kpis: [KPIDefinition] = []
        var position: [String: Int] = [:]
        reading.read(into: &kpis, position: &position, periodRequired: false)
        guard reading.problems.isEmpty, let kpi = kpis.first else { throw ImportFailure(problems: reading.problems) }
        return kpi
    }

    public static func read(_ rows: [TextRow]) throws(ImportFailure) -> KPIDocument {
        let filled = rows.filter { !$0.isBlank }
        guard let header = filled.first else { throw ImportFailure(problems: [ImportProblem(line: 1, message: "The file has no rows")]) }
        var index: [String: Int] = [:]
        for (position, cell) in header.cells.enumerated() {
            if let field = columns[DelimitedText.collapseSpaces(cell).lowercased()], index[field] == nil { index[field] = position }
        }
        guard index["kpi"] != nil, index["period"] != nil else {
            throw ImportFailure(problems: [ImportProblem(line: header.line, message: "The header row must name at least the KPI and Period columns; it has "
                + header.cells.filter { !$0.isEmpty }.map { "\"\($0)\"" }.joined(separator: ", "))])
        }
        var problems: [ImportProblem] = []
        var kpis: [KPIDefinition] = []
        var position: [String: Int] = [:]
        for row in filled.dropFirst() {
            var reading = RowReading(row: row, index: index)
            reading.read(into: &kpis, position: &position)
            problems += reading.problems
        }
        if filled.count == 1 { problems.append(ImportProblem(line: header.line, message: "There are no rows under the header")) }
        guard problems.isEmpty else { throw ImportFailure(problems: problems) }
        return KPIDocument(kpis: kpis)
    }
}

/// One row's cells, checked field by field; problems collect rather than stop at the first.
struct RowReading {
    let row: TextRow
    let index: [String: Int]
    var problems: [ImportProblem] = []

    func cell(_ field: String) -> String {
        guard let at = index[field], at < row.cells.count else { return "" }
        return row.cells[at].trimmingCharacters(in: .whitespaces)
    }

    mutating func problem(_ field: String, _ message: String) {
        problems.append(ImportProblem(line: row.line, field: field, message: message))
    }

    mutating func choice<T>(_ field: String, _ label: String, _ options: [String: T], default fallback: T) -> T {
        let text = cell(field)
        if text.isEmpty { return fallback }
        if let found = options[DelimitedText.collapseSpaces(text).lowercased()] { return found }
        problem(label, "\"\(text)\" is not one of " + Set(options.keys).sorted().map { "\"\($0)\"" }.joined(separator: ", "))
        return fallback
    }

    mutating func text(_ field: String, _ label: String, limit: TextLimit) -> String? {
        let text = cell(field)
        if let refused = limit.importProblem(text, what: "the \(label.lowercased())") { problem(label, refused) }
        return text.isEmpty ? nil : DelimitedText.collapseSpaces(text)
    }

    mutating func read(into kpis: inout [KPIDefinition], position: inout [String: Int], periodRequired: Bool = true) {
        guard let name = text("kpi", "KPI", limit: .title) else { problem("KPI", "Enter the KPI's name"); return }
        let unit = choice("unit", "Unit", KPIFileReader.units, default: KPIUnit.number)
        let polarity = choice("polarity", "Polarity", ["higher": KPIPolarity.higher, "lower": .lower, "band": .band], default: .higher)
        let frequency = choice("frequency", "Frequency", KPIFileReader.frequencies, default: KPIFrequency.quarterly)
        let rollUp = choice("roll_up", "Roll-up", KPIFileReader.rollUps, default: KPIRollUp.latest)
        let area = text("area", "Area", limit: .title)
        let owner = text("owner", "Owner", limit: .name)

        let key = name.lowercased()
        var kpi = position[key].map { kpis[$0] } ?? KPIDefinition(name: name, line: row.line)
        if position[key] == nil {
            (kpi.unit, kpi.polarity, kpi.frequency, kpi.rollUp, kpi.area, kpi.owner) = (unit, polarity, frequency, rollUp, area, owner)
            kpi.description = text("description", "Description", limit: .text)
            kpi.dataSource = text("data_source", "Data source", limit: .title)
            switch cell("published").lowercased() {
            case "": break
            case "yes", "y", "true", "1": kpi.published = true
            case "no", "n", "false", "0": kpi.published = false
            default: problem("Published", "\"\(cell("published"))\" is not yes or no")
            }
        } else {
            // Every row of a KPI must describe it the same way, or which one counts would be a guess.
            for (label, here, first) in [("Unit", cell("unit").isEmpty ? nil : unit.rawValue, kpi.unit.rawValue),
                                         ("Polarity", cell("polarity").isEmpty ? nil : polarity.rawValue, kpi.polarity.rawValue),
                                         ("Frequency", cell("frequency").isEmpty ? nil : frequency.rawValue, kpi.frequency.rawValue),
                                         ("Area", area, kpi.area ?? "")] {
                if let here, here.lowercased() != first.lowercased() {
                    problem(label, "\"\(here)\" differs from line \(kpi.line), which gives \"\(first)\" for \(name)")
                }
            }
        }

        var entry = KPIPeriodEntry(period: "", line: row.line)
        let periodText = cell("period")
        if periodText.isEmpty, !periodRequired {
            // A definition on its own: no period, no value.
        } else if periodText.isEmpty {
            problem("Period", "Enter the period, such as \"Q3 2017-18\"" + (kpi.frequency == .monthly ? " or \"Apr 2017\"" : ""))
        } else if kpi.frequency == .monthly {
            if let month = KPIMonth(parsing: periodText) { entry.period = month.iso } else {
                problem("Period", "\"\(periodText)\" is not a month; a monthly KPI's period is written like \"Apr 2017\" or \"2017-04\"")
            }
        } else if let refused = TextLimit.short.importProblem(periodText, what: "the period") {
            problem("Period", refused)
        } else {
            entry.period = DelimitedText.collapseSpaces(periodText)
        }
        if kpi.periods.contains(where: { $0.period.lowercased() == entry.period.lowercased() && !entry.period.isEmpty }) {
            problem("Period", "\(name) already has a row for \(periodText)")
        }
        entry.value = number("value", "Value", unit: kpi.unit)
        entry.target = number("target", "Target", unit: kpi.unit)
        let toleranceText = cell("tolerance")
        if !toleranceText.isEmpty {
            if let tolerance = KPITolerance(parsing: toleranceText) { entry.tolerance = tolerance; kpi.tolerance = tolerance } else {
                problem("Tolerance", "\"\(toleranceText)\" is not a tolerance; write a share of the target, like \"10%\", or an amount, like \"500\"")
            }
        }
        let bandText = cell("band")
        if !bandText.isEmpty {
            if let band = KPITolerance(parsing: bandText) { kpi.band = band } else { problem("Band", "\"\(bandText)\" is not a band; write it like \"5%\" or \"2000\"") }
        }
        entry.commentary = text("commentary", "Commentary", limit: .text) ?? ""
        switch cell("provisional").lowercased() {
        case "", "no", "n", "false", "0": break
        case "yes", "y", "true", "1", "provisional": entry.provisional = true
        default: problem("Provisional", "\"\(cell("provisional"))\" is not yes or no")
        }
        if let benchmark = number("benchmark", "Benchmark", unit: kpi.unit) {
            let source = text("benchmark_source", "Benchmark source", limit: .title) ?? "Benchmark"
            let asOf = text("benchmark_date", "Benchmark date", limit: .short)
            if let existing = kpi.benchmarks.firstIndex(where: { $0.source.lowercased() == source.lowercased() }) {
                kpi.benchmarks[existing] = KPIBenchmarkEntry(source: source, value: benchmark, asOf: asOf, line: row.line)
            } else {
                kpi.benchmarks.append(KPIBenchmarkEntry(source: source, value: benchmark, asOf: asOf, line: row.line))
            }
        }
        kpi.periods.append(entry)
        if let at = position[key] { kpis[at] = kpi } else { position[key] = kpis.count; kpis.append(kpi) }
    }

    mutating func number(_ field: String, _ label: String, unit: KPIUnit) -> ExactNumber? {
        let text = cell(field)
        guard !text.isEmpty else { return nil }
        if let value = unit.parse(text) { return value }
        problem(label, "\"\(text)\" is not a \(unit == .yesNo ? "yes or no" : "number") (\(unit.label.lowercased()))")
        return nil
    }
}
