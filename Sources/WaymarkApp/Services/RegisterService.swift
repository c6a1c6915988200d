import Fluent
import Foundation
import SQLKit
import WaymarkCore

/// Registers and their items. Every write is checked, made in one transaction and audited; the
/// performance team keeps registers, and confidential notes are theirs and administrators' alone.
struct RegisterService {
    let db: any Database
    let user: User

    static func mayManage(_ user: User) -> Bool { user.access.may(.manageReporting) }
    static func mayReadConfidential(_ user: User) -> Bool { user.role == .admin || user.role == .performanceOfficer }

    struct RegisterInput: Sendable {
        var name: String
        var description: String
        var areaID: Int?
        /// One stage a line, in order: those still open, then those that close an item.
        var openStages: String
        var closingStages: String
    }

    struct ItemInput: Sendable {
        var reference: String
        var title: String
        var receivedOn: String
        var stageID: Int?
        var ownerID: Int?
        var notes: String
    }

    func createRegister(planID: Int, _ input: RegisterInput) async throws -> WriteResult<Int> {
        guard Self.mayManage(user) else { throw WriteRefusal.forbidden("Only the performance team can keep registers.") }
        let name = input.name.trimmingCharacters(in: .whitespaces)
        let description = Self.normalised(input.description)
        let open = Self.lines(input.openStages), closing = Self.lines(input.closingStages)
        var errors: [FieldError] = []
        if name.isEmpty { errors.append(.init(field: "name", message: "Enter the register's name, such as \"Clear Up Project allegations\"")) }
        if let problem = TextLimit.name.problem(name, label: "The name") { errors.append(.init(field: "name", message: problem)) }
        if let problem = TextLimit.text.problem(description, label: "The description") { errors.append(.init(field: "description", message: problem)) }
        for (field, stages, label) in [("open_stages", open, "open"), ("closing_stages", closing, "closing")] {
            if stages.isEmpty { errors.append(.init(field: field, message: "Enter at least one \(label) stage, one a line")) }
            if let bad = stages.lazy.compactMap({ TextLimit.name.problem($0, label: "A stage's name") }).first { errors.append(.init(field: field, message: bad)) }
        }
        let all = open + closing
        if Set(all.map { $0.lowercased() }).count != all.count { errors.append(.init(field: "open_stages", message: "Each stage needs a name of its own")) }
        if all.count > 20 { errors.append(.init(field: "open_stages", message: "A register may have at most 20 stages (it has \(all.count))")) }
        guard errors.isEmpty else { return .invalid(errors) }
        let actor = AuditLog.actor(user)
        return try await db.writeTransaction { tx in
            guard try await Plan.find(planID, on: tx) != nil else { throw WriteRefusal.notFound("plan") }
            if let areaID = input.areaID, try await Area.query(on: tx).filter(\.$id == areaID).filter(\.$plan.$id == planID).count() == 0 {
                return .invalid("area_id", "Choose one of the plan's areas, or the whole plan")
            }
            if try await Register.query(on: tx).filter(\.$plan.$id == planID).filter(\.$name == name).count() > 0 {
                return .invalid("name", "The plan already has a register called \"\(name)\"")
            }
            let register = Register()
            (register.$plan.id, register.$area.id, register.name, register.description) = (planID, input.areaID, name, description)
            try await register.create(on: tx)
            for (index, stageName) in all.enumerated() {
                let stage = RegisterStage()
                (stage.$register.id, stage.position, stage.name, stage.closes) = (try register.requireID(), index + 1, stageName, index >= open.count)
                try await stage.create(on: tx)
            }
            try await PlanDataVersion.bump(planID, on: tx, statusesMayChange: false)
            try await AuditLog.record(.init(
                actor: actor, action: "register.created", entity: "register", entityID: register.id, planID: planID,
                summary: "Started the register \"\(name)\" with stages \(open.joined(separator: ", ")), then \(closing.joined(separator: ", ")) (closed)"), on: tx)
            return .saved(try register.requireID())
        }
    }

    func addItem(registerID: Int, _ input: ItemInput, today: CalendarDate) async throws -> WriteResult<Int> {
        guard Self.mayManage(user) else { throw WriteRefusal.forbidden("Only the performance team can keep registers.") }
        let reference = input.reference.trimmingCharacters(in: .whitespaces), title = input.title.trimmingCharacters(in: .whitespaces)
        let notes = Self.normalised(input.notes)
        var errors: [FieldError] = []
        if reference.isEmpty { errors.append(.init(field: "reference", message: "Enter the item's reference, such as CU-001")) }
        if let problem = TextLimit.short.problem(reference, label: "The reference") { errors.append(.init(field: "reference", message: problem)) }
        if title.isEmpty { errors.append(.init(field: "title", message: "Enter a title that says what the item is about")) }
        if let problem = TextLimit.title.problem(title, label: "The title") { errors.append(.init(field: "title", message: problem)) }
        if let problem = TextLimit.text.problem(notes, label: "The confidential notes") { errors.append(.init(field: "notes", message: problem)) }
        let received = Self.day(input.receivedOn, field: "received_on", label: "The day it was received", today: today, errors: &errors)
        if input.stageID == nil { errors.append(.init(field: "stage_id", message: "Choose the stage it is at")) }
        guard errors.isEmpty, let received, let stageID = input.stageID else { return .invalid(errors) }
        let actor = AuditLog.actor(user)
        return try await db.writeTransaction { tx in
            guard let register = try await Register.find(registerID, on: tx) else { throw WriteRefusal.notFound("register") }
            guard let stage = try await RegisterStage.find(stageID, on: tx), stage.$register.id == registerID else {
                return .invalid("stage_id", "Choose one of this register's stages")
            }
            if let owner = input.ownerID, try await Person.find(owner, on: tx) == nil { return .invalid("owner_id", "Choose the owner from the list") }
            if try await RegisterItem.query(on: tx).filter(\.$register.$id == registerID).filter(\.$reference == reference).count() > 0 {
                return .invalid("reference", "The register already has an item \(reference)")
            }
            let item = RegisterItem()
            (item.$register.id, item.reference, item.title, item.receivedOn, item.$stage.id) = (registerID, reference, title, received.iso, stageID)
            (item.$owner.id, item.confidentialNotes, item.version) = (input.ownerID, notes, 1)
            try await item.create(on: tx)
            let arrival = RegisterMove()
            (arrival.$item.id, arrival.$from.id, arrival.$to.id) = (try item.requireID(), nil, stageID)
            (arrival.movedOn, arrival.movedBy, arrival.note) = (received.iso, actor, "Received")
            try await arrival.create(on: tx)
            try await PlanDataVersion.bump(register.$plan.id, on: tx, statusesMayChange: false)
            try await AuditLog.record(.init(
                actor: actor, action: "register_item.added", entity: "register_item", entityID: item.id, planID: register.$plan.id,
                summary: "Added \(reference) to \"\(register.name)\" at \(stage.name), received \(received.display)"), on: tx)
            return .saved(try item.requireID())
        }
    }

    /// Line breaks typed in a browser arrive as CR LF; they are kept as one line break each.
    static func normalised(_ text: String) -> String {
        text.replacingOccurrences(of: "\r\n", with: "\n").trimmingCharacters(in: .whitespacesAndNewlines)
    }

    static func lines(_ text: String) -> [String] {
        normalised(text).split(separator: "\n").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }

    /// A day given on a form: a real date, not in the future.
    static func day(_ text: String, field: String, label: String, today: CalendarDate, errors: inout [FieldError]) -> CalendarDate? {
        let trimmed = text.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { errors.append(.init(field: field, message: "Enter \(label.prefix(1).lowercased() + label.dropFirst())")); return nil }
        guard let day = CalendarDate(iso: trimmed) else {
            errors.append(.init(field: field, message: "\(label) must be a real date, like 2018-03-31")); return nil
        }
        if day > today { errors.append(.init(field: field, message: "\(label) cannot be in the future")); return nil }
        return day
    }
}
