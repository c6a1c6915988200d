import Fluent
import Vapor
import WaymarkCore

/// The period a command names: `--plan` (id or title) and `--period` (its label); it must have
/// been opened.
enum PeriodOption {
    /// The plan `--plan` names, by id or title.
    static func plan(_ reference: String?, on db: any Database) async throws -> Plan {
        guard let reference else { throw CommandFailure("--plan: say which plan, by id or title (see `waymark plans`)") }
        return try await PlanLookup.require(reference, on: db)
    }

    static func find(plan reference: String?, period label: String?, on db: any Database) async throws -> PlanReportingPeriod {
        let plan = try await plan(reference, on: db)
        guard let label else { throw CommandFailure("--period: say which period, such as \"Q3 2017-18\"") }
        let parsed: ReportingPeriod
        switch ReportingPeriod.parse(label) {
        case .success(let period): parsed = period
        case .failure(let error): throw CommandFailure("--period: \(error.description)")
        }
        guard let record = try await PlanReportingPeriod.query(on: db).filter(\.$plan.$id == plan.requireID()).filter(\.$label == parsed.label).first() else {
            throw CommandFailure("--period: \(parsed.label) of \(plan.title) has not been opened")
        }
        return record
    }

    /// The operator at the command line, acting by the performance team's rules.
    static var operatorAccount: User {
        User(email: "command-line", displayName: "Command line", passwordHash: "", role: .performanceOfficer)
    }
}

/// `waymark open-period --plan N --period LABEL`: opens a reporting period as the web page does.
struct OpenPeriodCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "plan", help: "the plan's id or title") var plan: String?
        @Option(name: "period", help: "the reporting period, such as \"Q3 2017-18\"") var period: String?
    }

    var help: String { "Opens a reporting period of a plan, by the performance team's rules." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let db = context.application.db
        let plan = try await PeriodOption.plan(signature.plan, on: db)
        guard let label = signature.period else { throw CommandFailure("--period: say which period, such as \"Q3 2017-18\"") }
        switch try await ReportingPeriodService(db: db, user: PeriodOption.operatorAccount).open(planID: try plan.requireID(), label: label) {
        case .saved(let opened): context.console.print("Opened \(opened.label) of \(plan.title).")
        case .invalid(let errors): throw CommandFailure("--period: " + errors.map(\.message).joined(separator: "; "))
        case .conflict(let by, _, _): throw CommandFailure("--period: \(label) was changed by \(by)")
        }
    }
}

/// `waymark close-period --plan N --period LABEL`: closes a period as the web page does, freezing
/// its snapshot.
struct ClosePeriodCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "plan", help: "the plan's id or title") var plan: String?
        @Option(name: "period", help: "the reporting period, such as \"Q3 2017-18\"") var period: String?
    }

    var help: String { "Closes a reporting period, freezing its snapshot, by the performance team's rules." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let db = context.application.db
        let record = try await PeriodOption.find(plan: signature.plan, period: signature.period, on: db)
        switch try await ReportingPeriodService(db: db, user: PeriodOption.operatorAccount).close(periodID: try record.requireID(), today: AsOf.today()) {
        case .saved(let closed): context.console.print("Closed \(closed.label): its snapshot is frozen as at \(closed.snapshotAsOf ?? "").")
        case .invalid(let errors): throw CommandFailure("--period: " + errors.map(\.message).joined(separator: "; "))
        case .conflict(let by, _, _): throw CommandFailure("--period: \(record.label) was changed by \(by); it is \(record.state.rawValue)")
        }
    }
}

/// `waymark publish --plan N --period LABEL`: publishes a closed period with whatever commentary
/// is already approved for the public.
struct PublishCommand: AsyncCommand {
    struct Signature: CommandSignature {
        @Option(name: "plan", help: "the plan's id or title") var plan: String?
        @Option(name: "period", help: "the closed reporting period, such as \"Q3 2017-18\"") var period: String?
    }

    var help: String { "Publishes a closed reporting period to the public pages." }

    func run(using context: CommandContext, signature: Signature) async throws {
        let db = context.application.db
        let record = try await PeriodOption.find(plan: signature.plan, period: signature.period, on: db)
        let result: WriteResult<Publication>
        do {
            result = try await PublicationService(db: db, actor: "Command line", council: context.application.settings.councilName).publish(periodID: try record.requireID(), today: AsOf.today())
        } catch let refused as WriteRefusal {
            throw CommandFailure("--period: \(refused.message)")
        }
        switch result {
        case .saved(let publication):
            context.console.print("Published \(record.label) as publication \(publication.id ?? 0): \(context.application.settings.publicBase)/public/publications/\(publication.id ?? 0)")
        case .invalid(let errors): throw CommandFailure("--period: " + errors.map(\.message).joined(separator: "; "))
        case .conflict: throw CommandFailure("--period: someone else changed the period; try again")
        }
    }
}
