import Foundation
import SQLKit
import WaymarkCore

/// The SQL behind `PlanImportService`, inside its transaction. Rows go in as multi-row INSERTs,
/// because one statement per milestone would make a 100,000-row plan take minutes.
struct PlanImportWriter {
    let sql: any SQLDatabase
    let planID: Int
    let actor: String
    /// The day a status written in the file was reported for.
    var reportedOn: CalendarDate = AsOf.today()
    /// Rows per INSERT: 19 columns × 1,500 rows keeps binds under SQLite's 32,766 limit.
    static let batchSize = 1500

    func upsertAreas(_ areas: [PlanDocument.Area], outcome: inout PlanImportService.Outcome) async throws -> [Int] {
        struct Row: Decodable { var id: Int; var name: String; var position: Int }
        let existing = try await sql.select().columns("id", "name", "position").from("areas")
            .where("plan_id", .equal, planID).all(decoding: Row.self)
        var byKey = Dictionary(existing.map { (LeadNames.key($0.name), $0.id) }, uniquingKeysWith: { a, _ in a })
        var nextPosition = (existing.map(\.position).max() ?? 0) + 1
        var ids: [Int] = []
        for area in areas {
            if let id = byKey[LeadNames.key(area.name)] {
                ids.append(id)
                continue
            }
            let row = try await sql.insert(into: "areas").columns("plan_id", "name", "position")
                .values(SQLBind(planID), SQLBind(area.name), SQLBind(nextPosition))
                .returning("id").first(decoding: IDRow.self)
            guard let id = row?.id else { throw UnexpectedDatabaseAnswer("the database did not return the new area's id") }
            byKey[LeadNames.key(area.name)] = id
            nextPosition += 1
            outcome.createdAreas += 1
            ids.append(id)
        }
        return ids
    }

    /// Activity ids by the file's activity number. An activity already in the plan is found by its
    /// area and the file's own reference where the file numbers its own ("2.3" in every area), else
    /// by number, and takes the file's title and area. A new one keeps the file's number unless
    /// another activity of the plan has it.
    func upsertActivities(_ document: PlanDocument, areaIDs: [Int], outcome: inout PlanImportService.Outcome) async throws -> [Int: Int] {
        struct Row: Decodable { var id: Int; var number: Int; var title: String; var area_id: Int; var reference: String? }
        let existing = try await sql.select().columns("id", "number", "title", "area_id", "reference").from("activities")
            .where("plan_id", .equal, planID).all(decoding: Row.self)
        let byNumber = Dictionary(existing.map { ($0.number, $0) }, uniquingKeysWith: { a, _ in a })
        let byReference = Dictionary(existing.compactMap { row in row.reference.flatMap { $0.isEmpty ? nil : ("\(row.area_id)|\($0)", row) } },
                                     uniquingKeysWith: { a, _ in a })
        var usedNumbers = Set(existing.map(\.number))
        var nextFree = (existing.map(\.number) + document.areas.flatMap { $0.activities.map(\.number) }).max() ?? 0
        var ids: [Int: Int] = [:]
        for (areaIndex, area) in document.areas.enumerated() {
            let areaID = areaIDs[areaIndex]
            for activity in area.activities {
                let ownReference = activity.reference
                // A plan numbered through may move an activity to another area; its number finds it.
                let numberedThrough = ownReference.isEmpty || ownReference == String(activity.number)
                let found = byReference["\(areaID)|\(ownReference)"] ?? (numberedThrough ? byNumber[activity.number] : nil)
                if let row = found {
                    ids[activity.number] = row.id
                    guard row.title != activity.title || row.area_id != areaID else { continue }
                    try await sql.update("activities").set("title", to: SQLBind(activity.title)).set("area_id", to: SQLBind(areaID))
                        .where("id", .equal, row.id).run()
                    try await AuditLog.record(.init(
                        actor: actor, action: "activity.updated", entity: "activity", entityID: row.id, planID: planID,
                        summary: "Activity \(References.activity(reference: row.reference, number: row.number)) changed by import",
                        before: AuditLog.json(["title": row.title, "area_id": String(row.area_id)]),
                        after: AuditLog.json(["title": activity.title, "area_id": String(areaID)])), on: sql)
                    outcome.updatedActivities += 1
                    continue
                }
                var number = activity.number
                if usedNumbers.contains(number) { nextFree += 1; number = nextFree }
                usedNumbers.insert(number)
                let row = try await sql.insert(into: "activities").columns("plan_id", "area_id", "number", "title", "reference")
                    .values(SQLBind(planID), SQLBind(areaID), SQLBind(number), SQLBind(activity.title), SQLBind(ownReference.isEmpty ? nil : ownReference))
                    .returning("id").first(decoding: IDRow.self)
                guard let id = row?.id else { throw UnexpectedDatabaseAnswer("the database did not return the new activity's id") }
                ids[activity.number] = id
                outcome.createdActivities += 1
            }
        }
        return ids
    }

    /// Person ids by name key; people are shared across plans.
    func upsertPeople(_ names: [String], outcome: inout PlanImportService.Outcome) async throws -> [String: Int] {
        struct Row: Decodable { var id: Int; var name_key: String }
        var ids: [String: Int] = [:]
        for row in try await sql.select().columns("id", "name_key").from("people").all(decoding: Row.self) {
            ids[row.name_key] = row.id
        }
        let missing = names.filter { ids[LeadNames.key($0)] == nil }
        for batch in missing.chunked(Self.batchSize) {
            try await BulkInsert(db: sql).insert(into: "people", columns: ["name", "name_key"],
                                                 rows: batch.map { [.text($0), .text(LeadNames.key($0))] })
        }
        if !missing.isEmpty {
            for row in try await sql.select().columns("id", "name_key").from("people").all(decoding: Row.self) {
                ids[row.name_key] = row.id
            }
        }
        outcome.createdPeople = missing.count
        return ids
    }
}

struct IDRow: Decodable { var id: Int }

extension Array {
    func chunked(_ size: Int) -> [ArraySlice<Element>] {
        stride(from: 0, to: count, by: size).map { self[$0..<Swift.min($0 + size, count)] }
    }
}
