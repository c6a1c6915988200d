import Fluent
import Foundation
import WaymarkCore

/// Boards, meetings and agenda items, and the decisions recorded against them.
struct GovernanceService {
    let db: any Database
    let user: User

    struct BoardInput: Sendable {
        var name = "", kind = "", chair = "", members = "", externalRepresentatives = ""
    }

    struct MeetingInput: Sendable {
        var boardID: Int?
        var heldOn = "", title = ""
    }

    struct ItemInput: Sendable {
        var title = "", ask = "", planID: Int?, periodID: Int?
    }

    private func allowed() throws {
        guard user.access.may(.manageReporting) else { throw WriteRefusal.forbidden() }
    }

    /// Adds the problem, if any, with `text` as `limit`'s kind of text: too long, or (for a name
    /// or title) not one line.
    private func check(_ text: String, _ limit: TextLimit, label: String, field: String, into errors: inout [FieldError]) {
        if let problem = limit.problem(text, label: label) { errors.append(.init(field: field, message: problem)) }
    }

    func createBoard(_ input: BoardInput) async throws -> WriteResult<Board> {
        try allowed()
        let name = input.name.trimmingCharacters(in: .whitespaces)
        var errors: [FieldError] = []
        if name.isEmpty { errors.append(.init(field: "name", message: "Enter the board's name")) }
        check(name, .name, label: "The board's name", field: "name", into: &errors)
        check(input.chair.trimmingCharacters(in: .whitespaces), .name, label: "Chair", field: "chair", into: &errors)
        check(input.members, .text, label: "Members", field: "members", into: &errors)
        check(input.externalRepresentatives, .text, label: "External representatives", field: "external_representatives", into: &errors)
        let kind = Board.Kind(rawValue: input.kind)
        if kind == nil { errors.append(.init(field: "kind", message: "Select the kind of board")) }
        if !name.isEmpty, try await Board.query(on: db).filter(\.$name == name).first() != nil {
            errors.append(.init(field: "name", message: "There is already a board called \(name)"))
        }
        guard errors.isEmpty, let kind else { return .invalid(errors) }
        let board = Board()
        board.name = name
        board.kind = kind
        board.chair = input.chair.trimmingCharacters(in: .whitespaces)
        board.members = input.members.trimmingCharacters(in: .whitespacesAndNewlines)
        board.externalRepresentatives = input.externalRepresentatives.trimmingCharacters(in: .whitespacesAndNewlines)
        try await db.writeTransaction { tx in
            try await board.create(on: tx)
            try await AuditLog.record(.init(actor: AuditLog.actor(user), action: "board.created", entity: "board", entityID: board.id, planID: nil,
                                            summary: "Added the board \"\(name)\"", after: AuditLog.json(["name": name, "chair": board.chair])), on: tx)
        }
        return .saved(board)
    }

    func createMeeting(_ input: MeetingInput) async throws -> WriteResult<Meeting> {
        try allowed()
        var errors: [FieldError] = []
        let day = CalendarDate(iso: input.heldOn.trimmingCharacters(in: .whitespaces))
        if day == nil { errors.append(.init(field: "held_on", message: "Enter the date of the meeting as a real date")) }
        let board: Board? = if let id = input.boardID { try await Board.find(id, on: db) } else { nil }
        if board == nil { errors.append(.init(field: "board_id", message: "Select the board that is meeting")) }
        let title = input.title.trimmingCharacters(in: .whitespaces)
        check(title, .title, label: "The meeting's title", field: "title", into: &errors)
        guard errors.isEmpty, let day, let board else { return .invalid(errors) }
        let meeting = Meeting()
        meeting.$board.id = try board.requireID()
        meeting.heldOn = day.iso
        meeting.title = title.isEmpty ? "\(board.name), \(day.display)" : title
        try await db.writeTransaction { tx in
            try await meeting.create(on: tx)
            try await AuditLog.record(.init(actor: AuditLog.actor(user), action: "meeting.created", entity: "meeting", entityID: meeting.id, planID: nil,
                                            summary: "Added the meeting \"\(meeting.title)\" on \(day.display)",
                                            after: AuditLog.json(["board": board.name, "held_on": day.iso])), on: tx)
        }
        return .saved(meeting)
    }

    func addItem(meetingID: Int, _ input: ItemInput) async throws -> WriteResult<Void> {
        try allowed()
        var errors: [FieldError] = []
        let title = input.title.trimmingCharacters(in: .whitespaces)
        if title.isEmpty { errors.append(.init(field: "title", message: "Enter the agenda item's title")) }
        check(title, .title, label: "The agenda item's title", field: "title", into: &errors)
        let ask = AgendaItem.Ask(rawValue: input.ask)
        if ask == nil { errors.append(.init(field: "ask", message: "Select whether the board is asked to note, comment or agree")) }
        guard errors.isEmpty, let ask else { return .invalid(errors) }
        try await db.writeTransaction { tx in
            let last = try await AgendaItem.query(on: tx).filter(\.$meeting.$id == meetingID).max(\.$position) ?? 0
            let item = AgendaItem()
            item.$meeting.id = meetingID
            item.position = last + 1
            item.title = title
            item.ask = ask
            item.$plan.id = input.planID
            item.$period.id = input.periodID
            try await item.create(on: tx)
            // A Board pack names the meeting that presents it.
            let packPlan = if let planID = input.planID { planID } else if let periodID = input.periodID { try await PlanReportingPeriod.find(periodID, on: tx)?.$plan.id } else { Int?.none }
            if let packPlan { try await PlanDataVersion.bump(packPlan, on: tx, statusesMayChange: false) }
            try await AuditLog.record(.init(actor: AuditLog.actor(user), action: "agenda_item.added", entity: "agenda_item", entityID: item.id,
                                            planID: input.planID, summary: "Added item \(item.position), \"\(title)\" (\(ask.label.lowercased()))",
                                            after: AuditLog.json(["title": title, "ask": ask.rawValue])), on: tx)
        }
        return .saved
    }

    func recordDecision(itemID: Int, decision: String, minuteReference: String) async throws -> WriteResult<Void> {
        try allowed()
        let text = decision.trimmingCharacters(in: .whitespacesAndNewlines)
        let minute = minuteReference.trimmingCharacters(in: .whitespaces)
        var errors: [FieldError] = []
        if text.isEmpty { errors.append(.init(field: "decision", message: "Enter what the board decided")) }
        if minute.isEmpty { errors.append(.init(field: "minute_reference", message: "Enter the minute reference")) }
        check(text, .text, label: "The decision", field: "decision", into: &errors)
        check(minute, .short, label: "Minute reference", field: "minute_reference", into: &errors)
        guard errors.isEmpty else { return .invalid(errors) }
        try await db.writeTransaction { tx in
            guard let item = try await AgendaItem.find(itemID, on: tx) else { throw WriteRefusal.notFound("agenda item") }
            let before = ["decision": item.decision ?? "", "minute_reference": item.minuteReference ?? ""]
            item.decision = text
            item.minuteReference = minute
            try await item.save(on: tx)
            try await AuditLog.record(.init(actor: AuditLog.actor(user), action: "agenda_item.decided", entity: "agenda_item", entityID: itemID,
                                            planID: item.$plan.id, summary: "Recorded the decision on \"\(item.title)\" (minute \(minute))",
                                            before: AuditLog.json(before), after: AuditLog.json(["decision": text, "minute_reference": minute])), on: tx)
        }
        return .saved
    }
}
