import Fluent
import Foundation
import SQLKit
import WaymarkCore

/// Changes to a plan's structure by the performance team: areas, activities and milestones.
/// Each operation validates, runs in one transaction, bumps the plan's data version and writes
/// an audit record with the values before and after.
struct PlanStructureService {
    let db: any Database
    let user: User

    /// A milestone's editable fields, as typed into the form.
    struct MilestoneInput: Sendable {
        var title: String = ""
        var deadline: String = ""
        var leads: String = ""
        var version: Int = 0
    }

    /// A milestone's fields once they pass the rules.
    struct ValidMilestone: Sendable {
        var title: String
        var deadline: Deadline
        var leads: [String]
    }

    private var actor: String { AuditLog.actor(user) }

    func guardAllowed() throws {
        guard user.access.may(.editStructure) else { throw WriteRefusal.forbidden() }
    }

    static func validated(_ input: MilestoneInput) -> (valid: ValidMilestone?, errors: [FieldError]) {
        var errors: [FieldError] = []
        let title = input.title.trimmingCharacters(in: .whitespacesAndNewlines)
        if title.isEmpty { errors.append(.init(field: "title", message: "Enter the milestone")) }
        if let long = TextLimit.title.problem(title, label: "Milestone") { errors.append(.init(field: "title", message: long)) }
        let leads = LeadNames.distinct(LeadNames.split(input.leads))
        if leads.isEmpty { errors.append(.init(field: "leads", message: "Enter at least one lead officer, separating joint leads with /")) }
        if let long = leads.lazy.compactMap({ TextLimit.name.problem($0, label: "Each lead officer's name") }).first {
            errors.append(.init(field: "leads", message: long))
        }
        var deadline: Deadline?
        if let long = TextLimit.short.problem(input.deadline, label: "Deadline") {
            errors.append(.init(field: "deadline", message: long))
        } else {
            do { deadline = try DeadlineParser.parse(input.deadline) } catch { errors.append(.init(field: "deadline", message: "Deadline: \(error.reason)")) }
        }
        guard errors.isEmpty, let deadline else { return (nil, errors) }
        return (ValidMilestone(title: title, deadline: deadline, leads: leads), [])
    }

    func addMilestone(to activityID: Int, _ input: MilestoneInput) async throws -> WriteResult<Int> {
        try guardAllowed()
        let (checked, errors) = Self.validated(input)
        guard let valid = checked else { return .invalid(errors) }
        return try await db.writeTransaction { tx in
            guard let activity = try await Activity.find(activityID, on: tx) else { throw WriteRefusal.notFound("activity") }
            let last = try await Milestone.query(on: tx).filter(\.$activity.$id == activityID).max(\.$position) ?? 0
            let milestone = Milestone()
            milestone.$plan.id = activity.$plan.id
            milestone.$activity.id = activityID
            milestone.position = last + 1
            milestone.version = 1
            milestone.lifecycle = .active
            milestone.revisionCount = 0
            apply(valid, to: milestone)
            try await milestone.create(on: tx)
            try await setLeads(valid.leads, of: try milestone.requireID(), on: tx)
            try await finish(tx, planID: activity.$plan.id, action: "milestone.created", id: milestone.id,
                             summary: "Added the milestone \"\(valid.title)\" to activity \(activity.label)",
                             before: [:], after: ["title": valid.title, "deadline": valid.deadline.written, "leads": valid.leads.joined(separator: " / ")])
            return .saved(try milestone.requireID())
        }
    }

    func editMilestone(_ id: Int, _ input: MilestoneInput) async throws -> WriteResult<Int> {
        try guardAllowed()
        let (checked, errors) = Self.validated(input)
        guard let valid = checked else { return .invalid(errors) }
        return try await db.writeTransaction { tx in
            guard try await RowGuards.claimVersion("milestones", id: id, version: input.version, on: tx) else {
                return try await conflict(id, on: tx)
            }
            guard let milestone = try await Milestone.query(on: tx).filter(\.$id == id).with(\.$leads).first() else {
                throw WriteRefusal.notFound("milestone")
            }
            let before = ["title": milestone.title, "deadline": milestone.deadlineText, "leads": milestone.leads.map(\.name).joined(separator: " / ")]
            apply(valid, to: milestone)
            try await milestone.save(on: tx)
            try await setLeads(valid.leads, of: id, on: tx)
            try await finish(tx, planID: milestone.$plan.id, action: "milestone.edited", id: id,
                             summary: "Edited the milestone \"\(valid.title)\"", before: before,
                             after: ["title": valid.title, "deadline": valid.deadline.written, "leads": valid.leads.joined(separator: " / ")],
                             refreshing: [id])
            return .saved(milestone.version)
        }
    }

    /// Withdrawn milestones leave the counts but stay on record, with the reason, and can be reinstated.
    func setWithdrawn(_ id: Int, reason: String?, version: Int) async throws -> WriteResult<Int> {
        guard user.access.may(.withdrawMilestone) else { throw WriteRefusal.forbidden() }
        let reason = reason?.trimmingCharacters(in: .whitespacesAndNewlines)
        if let reason, reason.isEmpty { return .invalid([.init(field: "reason", message: "Enter the reason for withdrawing the milestone")]) }
        if let reason, let long = TextLimit.text.problem(reason, label: "Reason") { return .invalid([.init(field: "reason", message: long)]) }
        return try await db.writeTransaction { tx in
            guard try await RowGuards.claimVersion("milestones", id: id, version: version, on: tx) else { return try await conflict(id, on: tx) }
            guard let milestone = try await Milestone.find(id, on: tx) else { throw WriteRefusal.notFound("milestone") }
            let before = ["lifecycle": milestone.lifecycle.rawValue, "withdrawn_reason": milestone.withdrawnReason ?? ""]
            milestone.lifecycle = reason == nil ? .active : .withdrawn
            milestone.withdrawnReason = reason
            try await milestone.save(on: tx)
            try await finish(tx, planID: milestone.$plan.id, action: reason == nil ? "milestone.reinstated" : "milestone.withdrawn", id: id,
                             summary: reason == nil ? "Reinstated \"\(milestone.title)\"" : "Withdrew \"\(milestone.title)\": \(reason!)",
                             before: before, after: ["lifecycle": milestone.lifecycle.rawValue, "withdrawn_reason": reason ?? ""], refreshing: [id])
            return .saved(milestone.version)
        }
    }

    /// Swaps a milestone with its neighbour within the activity.
    func moveMilestone(_ id: Int, up: Bool) async throws {
        try guardAllowed()
        try await db.writeTransaction { tx in
            guard let milestone = try await Milestone.find(id, on: tx) else { throw WriteRefusal.notFound("milestone") }
            // Reorderings in one plan take turns, so two at once never leave positions tangled.
            try await RowGuards.lock("plans", id: milestone.$plan.id, on: tx)
            let siblings = try await Milestone.query(on: tx).filter(\.$activity.$id == milestone.$activity.id).sort(\.$position).sort(\.$id).all()
            guard let order = Reordering.movingOne(id, up: up, in: siblings.compactMap(\.id)) else { return }
            for (position, itemID) in order.enumerated() {
                guard let item = siblings.first(where: { $0.id == itemID }), item.position != position + 1 else { continue }
                item.position = position + 1
                try await item.save(on: tx)
            }
            try await finish(tx, planID: milestone.$plan.id, action: "milestone.moved", id: id,
                             summary: "Moved \"\(milestone.title)\" \(up ? "up" : "down")", before: ["position": String(milestone.position)],
                             after: ["position": String((order.firstIndex(of: id) ?? 0) + 1)])
        }
    }

    func addArea(to planID: Int, name: String) async throws -> WriteResult<Int> {
        try guardAllowed()
        let name = name.trimmingCharacters(in: .whitespaces)
        guard !name.isEmpty else { return .invalid([.init(field: "area_name", message: "Enter the area's name")]) }
        if let long = TextLimit.name.problem(name, label: "Area name") { return .invalid([.init(field: "area_name", message: long)]) }
        return try await db.writeTransaction { tx in
            if try await Area.query(on: tx).filter(\.$plan.$id == planID).filter(\.$name == name).count() > 0 {
                return .invalid([.init(field: "area_name", message: "The plan already has an area called \(name)")])
            }
            let position = (try await Area.query(on: tx).filter(\.$plan.$id == planID).max(\.$position) ?? 0) + 1
            let area = Area(planID: planID, name: name, position: position)
            try await area.create(on: tx)
            try await finish(tx, planID: planID, action: "area.created", entity: "area", id: area.id, summary: "Added the area \(name)", before: [:], after: ["name": name])
            return .saved(try area.requireID())
        }
    }

    func addActivity(to areaID: Int, title: String) async throws -> WriteResult<Int> {
        try guardAllowed()
        let title = title.trimmingCharacters(in: .whitespaces)
        guard !title.isEmpty else { return .invalid([.init(field: "activity_title", message: "Enter the activity")]) }
        if let long = TextLimit.title.problem(title, label: "Activity") { return .invalid([.init(field: "activity_title", message: long)]) }
        return try await db.writeTransaction { tx in
            guard let area = try await Area.find(areaID, on: tx) else { throw WriteRefusal.notFound("area") }
            // Activity numbers run through the whole plan; a new one takes the next number.
            let number = (try await Activity.query(on: tx).filter(\.$plan.$id == area.$plan.id).max(\.$number) ?? 0) + 1
            let activity = Activity(planID: area.$plan.id, areaID: areaID, number: number, title: title)
            try await activity.create(on: tx)
            try await finish(tx, planID: area.$plan.id, action: "activity.created", entity: "activity", id: activity.id,
                             summary: "Added activity \(number): \(title)", before: [:], after: ["number": String(number), "title": title])
            return .saved(try activity.requireID())
        }
    }

    // MARK: - Shared steps

    private func apply(_ valid: ValidMilestone, to milestone: Milestone) {
        milestone.title = valid.title
        milestone.deadlineText = valid.deadline.written
        milestone.deadlineKind = valid.deadline.kind
        milestone.earliestStart = valid.deadline.earliestStart?.iso
        milestone.dueDate = valid.deadline.due?.iso
        milestone.checkpoints = valid.deadline.checkpoints.isEmpty ? nil : valid.deadline.checkpoints.map(\.iso).joined(separator: ",")
    }

    /// Links the named people as leads, in order, adding anyone not yet known.
    private func setLeads(_ names: [String], of milestoneID: Int, on tx: any Database) async throws {
        try await MilestoneLead.query(on: tx).filter(\.$milestone.$id == milestoneID).delete()
        for (index, name) in names.enumerated() {
            let key = LeadNames.key(name)
            var person = try await Person.query(on: tx).filter(\.$nameKey == key).first()
            if person == nil {
                person = Person(name: name, nameKey: key)
                try await person!.create(on: tx)
            }
            let link = MilestoneLead()
            link.$milestone.id = milestoneID
            link.$person.id = try person!.requireID()
            link.position = index + 1
            try await link.create(on: tx)
        }
    }

    private func conflict(_ id: Int, on tx: any Database) async throws -> WriteResult<Int> {
        guard try await Milestone.find(id, on: tx) != nil else { throw WriteRefusal.notFound("milestone") }
        let last = try await AuditEvent.query(on: tx).filter(\.$entity == "milestone").filter(\.$entityID == id).sort(\.$id, .descending).first()
        let current = try await Milestone.find(id, on: tx)?.version ?? 0
        return .conflict(changedBy: last?.actor ?? "someone else", at: last?.occurredAt, version: current)
    }

    /// `refreshing`: milestones whose dates or state changed but not their place in the plan;
    /// their stored statuses are worked out here rather than the whole plan's on the next list.
    func finish(_ tx: any Database, planID: Int, action: String, entity: String = "milestone", id: Int?, summary: String,
                before: [String: String], after: [String: String], refreshing: [Int] = []) async throws {
        try await WriteRefusal.requireOpen(planID: planID, on: tx)
        if !refreshing.isEmpty, let plan = try await Plan.find(planID, on: tx) {
            try await MilestoneStatusIndex.refresh(milestoneIDs: refreshing, scheme: plan.scheme, today: AsOf.today(), on: tx)
            try await PlanDataVersion.bump(planID, on: tx, statusesMayChange: false)
        } else {
            try await PlanDataVersion.bump(planID, on: tx)
        }
        try await AuditLog.record(.init(actor: actor, action: action, entity: entity, entityID: id, planID: planID, summary: summary,
                                        before: before.isEmpty ? nil : AuditLog.json(before), after: AuditLog.json(after)), on: tx)
    }
}
