import Fluent
import Foundation
import SQLKit
import WaymarkCore

/// The registers' counts for a Board pack: worked out from the moves for any day while a period
/// is open, and frozen with the period when it closes, so a later move never changes a report
/// the Board has had.
enum RegisterReport {
    /// Each register of the plan as it stood at the end of `asOf`, with what came and went since `from`.
    static func summaries(planID: Int, from: CalendarDate, asOf: CalendarDate, on db: any Database) async throws -> [RegisterSummary] {
        var summaries: [RegisterSummary] = []
        for register in try await registers(planID: planID, on: db) {
            summaries.append(try await summary(of: register, from: from, asOf: asOf, on: db))
        }
        return summaries
    }

    /// One register as it stood at the end of `asOf`: each item's stage is that of its latest move by then.
    static func summary(of register: Register, from: CalendarDate, asOf: CalendarDate, on db: any Database) async throws -> RegisterSummary {
        let registerID = try register.requireID()
        let stages = try await RegisterStage.query(on: db).filter(\.$register.$id == registerID).sort(\.$position).all()
        let index = Dictionary(stages.enumerated().map { ($1.id ?? 0, $0) }, uniquingKeysWith: { a, _ in a })
        let items = try await RegisterItem.query(on: db).filter(\.$register.$id == registerID).all()
        let itemIDs = items.compactMap(\.id)
        let moves = itemIDs.isEmpty ? [] : try await RegisterMove.query(on: db).filter(\.$item.$id ~~ itemIDs)
            .filter(\.$movedOn <= asOf.iso).sort(\.$movedOn).sort(\.$id).all()
        var latest: [Int: RegisterMove] = [:]
        for move in moves { latest[move.$item.id] = move }
        let rows = items.compactMap { item -> RegisterSummary.Item? in
            guard let received = CalendarDate(iso: item.receivedOn) else { return nil }
            let move = latest[item.id ?? 0]
            let stage = move.flatMap { index[$0.$to.id] }
            let closes = stage.map { stages[$0].closes } ?? false
            return .init(reference: item.reference, receivedOn: received, stageIndex: stage,
                         closedOn: closes ? move.flatMap { CalendarDate(iso: $0.movedOn) } : nil)
        }
        return RegisterSummary.make(name: register.name, stages: stages.map { ($0.name, $0.closes) }, items: rows, from: from, asOf: asOf)
    }

    /// The plan's registers in the order reports list them.
    static func registers(planID: Int, on db: any Database) async throws -> [Register] {
        try await Register.query(on: db).filter(\.$plan.$id == planID).sort(\.$name).sort(\.$id).all()
    }

    /// Freezes the plan's registers with closing `closing` of a period, in the caller's transaction.
    static func freeze(planID: Int, periodID: Int, closing: Int, from: CalendarDate, asOf: CalendarDate, on db: any Database) async throws {
        let sql = db.sql
        for register in try await registers(planID: planID, on: db) {
            let summary = try await summary(of: register, from: from, asOf: asOf, on: db)
            let content = String(decoding: try JSONEncoder().encode(summary), as: UTF8.self)
            try await sql.insert(into: "register_summaries").columns("period_id", "closing", "register_id", "content")
                .values(SQLBind(periodID), SQLBind(closing), SQLBind(try register.requireID()), SQLBind(content)).run()
        }
    }

    /// The summaries frozen with one closing of a period.
    static func frozen(periodID: Int, closing: Int, on db: any Database) async throws -> [RegisterSummary] {
        struct Row: Decodable { var content: String }
        let rows = try await db.sql.raw("""
            SELECT content FROM register_summaries WHERE period_id = \(bind: periodID) AND closing = \(bind: closing) ORDER BY id
            """).all(decoding: Row.self)
        return try rows.map { try JSONDecoder().decode(RegisterSummary.self, from: Data($0.content.utf8)) }
    }
}
