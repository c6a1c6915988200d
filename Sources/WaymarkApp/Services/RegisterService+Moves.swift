import Fluent
import Foundation
import WaymarkCore

extension RegisterService {
    struct MoveInput: Sendable {
        var toStageID: Int?
        var movedOn: String
        var note: String
        var version: Int
    }

    /// Moves an item to another stage on a day. The form's version is claimed first, so of ten
    /// moves sent from the same page exactly one is made.
    func move(itemID: Int, _ input: MoveInput, today: CalendarDate) async throws -> WriteResult<Int> {
        guard Self.mayManage(user) else { throw WriteRefusal.forbidden("Only the performance team can keep registers.") }
        let note = Self.normalised(input.note)
        var errors: [FieldError] = []
        let day = Self.day(input.movedOn, field: "moved_on", label: "The day it moved", today: today, errors: &errors)
        if input.toStageID == nil { errors.append(.init(field: "to_stage_id", message: "Choose the stage it has moved to")) }
        if let problem = TextLimit.text.problem(note, label: "The note") { errors.append(.init(field: "note", message: problem)) }
        guard errors.isEmpty, let day, let toStageID = input.toStageID else { return .invalid(errors) }
        let actor = AuditLog.actor(user)
        return try await db.writeTransaction { tx in
            guard let item = try await RegisterItem.find(itemID, on: tx), let register = try await Register.find(item.$register.id, on: tx) else {
                throw WriteRefusal.notFound("register item")
            }
            // A form opened before someone else's move is stale whatever it asks; say so first.
            guard item.version == input.version else {
                return try await .staleVersion(entity: "register_item", id: itemID, version: item.version, on: tx)
            }
            guard let to = try await RegisterStage.find(toStageID, on: tx), to.$register.id == register.id else {
                return .invalid("to_stage_id", "Choose one of this register's stages")
            }
            if to.id == item.$stage.id { return .invalid("to_stage_id", "The item is already at \(to.name); choose another stage") }
            if let received = CalendarDate(iso: item.receivedOn), day < received {
                return .invalid("moved_on", "The day it moved cannot be before it was received (\(received.display))")
            }
            let last = try await RegisterMove.query(on: tx).filter(\.$item.$id == itemID).sort(\.$movedOn, .descending).first()
            if let last, let lastDay = CalendarDate(iso: last.movedOn), day < lastDay {
                return .invalid("moved_on", "The day it moved cannot be before its last move (\(lastDay.display)); the register keeps moves in order")
            }
            guard try await RowGuards.claimVersion("register_items", id: itemID, version: input.version, on: tx) else {
                return try await .staleVersion(entity: "register_item", id: itemID, version: item.version, on: tx)
            }
            let from = try await RegisterStage.find(item.$stage.id, on: tx)
            let move = RegisterMove()
            (move.$item.id, move.$from.id, move.$to.id, move.movedOn, move.movedBy, move.note) = (itemID, item.$stage.id, toStageID, day.iso, actor, note)
            try await move.create(on: tx)
            guard let claimed = try await RegisterItem.find(itemID, on: tx) else { throw WriteRefusal.notFound("register item") }
            claimed.$stage.id = toStageID
            try await claimed.save(on: tx)
            try await PlanDataVersion.bump(register.$plan.id, on: tx, statusesMayChange: false)
            try await AuditLog.record(.init(
                actor: actor, action: "register_item.moved", entity: "register_item", entityID: itemID, planID: register.$plan.id,
                summary: "Moved \(item.reference) in \"\(register.name)\" from \(from?.name ?? "its stage") to \(to.name) on \(day.display)",
                before: AuditLog.json(["stage": from?.name ?? ""]), after: AuditLog.json(["stage": to.name, "moved_on": day.iso, "note": note])), on: tx)
            return .saved(claimed.version)
        }
    }

    /// The confidential notes, which only the performance team and administrators see or change.
    func saveNotes(itemID: Int, notes raw: String, version: Int) async throws -> WriteResult<Int> {
        guard Self.mayReadConfidential(user) else { throw WriteRefusal.forbidden("Only the performance team and administrators can see or change confidential notes.") }
        let notes = Self.normalised(raw)
        if let problem = TextLimit.text.problem(notes, label: "The confidential notes") { return .invalid("notes", problem) }
        let actor = AuditLog.actor(user)
        return try await db.writeTransaction { tx in
            guard let item = try await RegisterItem.find(itemID, on: tx), let register = try await Register.find(item.$register.id, on: tx) else {
                throw WriteRefusal.notFound("register item")
            }
            guard try await RowGuards.claimVersion("register_items", id: itemID, version: version, on: tx) else {
                return try await .staleVersion(entity: "register_item", id: itemID, version: item.version, on: tx)
            }
            guard let claimed = try await RegisterItem.find(itemID, on: tx) else { throw WriteRefusal.notFound("register item") }
            claimed.confidentialNotes = notes
            try await claimed.save(on: tx)
            // The trail says that the notes changed, not what they say: it is read more widely.
            try await AuditLog.record(.init(
                actor: actor, action: "register_item.notes_changed", entity: "register_item", entityID: itemID, planID: register.$plan.id,
                summary: "Changed the confidential notes of \(item.reference) in \"\(register.name)\""), on: tx)
            return .saved(claimed.version)
        }
    }
}
