/// Measurable outcomes read from a file: each KPI's definition, its values, targets and
/// tolerances per period, and its benchmarks. No I/O.
public struct KPIDocument: Sendable, Equatable {
    public var kpis: [KPIDefinition] = []

    public init(kpis: [KPIDefinition] = []) { self.kpis = kpis }
}

public struct KPIDefinition: Sendable, Equatable {
    public var name: String
    public var area: String?
    public var unit: KPIUnit = .number
    public var polarity: KPIPolarity = .higher
    public var frequency: KPIFrequency = .quarterly
    public var rollUp: KPIRollUp = .latest
    public var owner: String?
    public var description: String?
    public var dataSource: String?
    /// Shown on the public pages; nil leaves it as it was (new KPIs are not).
    public var published: Bool?
    /// The tolerance and band a period without its own uses.
    public var tolerance: KPITolerance = .none
    public var band: KPITolerance = .none
    public var periods: [KPIPeriodEntry] = []
    public var benchmarks: [KPIBenchmarkEntry] = []
    /// The file's line that first named the KPI, for messages about it as a whole.
    public var line: Int

    public init(name: String, line: Int) {
        self.name = name
        self.line = line
    }
}

public struct KPIPeriodEntry: Sendable, Equatable {
    /// A month ("2017-04") for a monthly KPI, otherwise the reporting period's label ("Q3 2017-18").
    public var period: String
    public var value: ExactNumber?
    public var target: ExactNumber?
    /// Nil: the KPI's own tolerance.
    public var tolerance: KPITolerance?
    public var commentary: String = ""
    public var provisional = false
    public var line: Int

    public init(period: String, line: Int) {
        self.period = period
        self.line = line
    }
}

public struct KPIBenchmarkEntry: Sendable, Equatable {
    /// What it is and where it comes from: "Government industry standard".
    public var source: String
    public var value: ExactNumber
    public var asOf: String?
    public var line: Int
}
