import Fluent
import Foundation
import WaymarkCore

/// Lead officers: adding them, correcting their details, and linking them to user accounts.
struct PeopleService {
    let db: any Database
    let user: User

    struct Input: Sendable {
        var name: String = ""
        var jobTitle: String = ""
        var email: String = ""
        /// The account that speaks for this person, if any.
        var userID: Int?
    }

    /// Only a lead officer's account speaks for a person: the link decides whose milestones it
    /// updates, and other roles either update none or every one already.
    static func notALeadOfficer(_ account: User) -> FieldError? {
        switch account.role {
        case .leadOfficer: nil
        case .performanceOfficer:
            .init(field: "user_id", message: "Select a lead officer's account: performance officer accounts update every milestone, not one person's")
        case .admin, .boardMember, .viewer, .reviewer:
            .init(field: "user_id", message: "Select a lead officer's account: \(account.role.label) accounts cannot update milestones")
        }
    }

    private struct RoleChanged: Error { var error: FieldError }

    func save(_ input: Input, personID: Int?) async throws -> WriteResult<Int> {
        do {
            return try await write(input, personID: personID)
        } catch let changed as RoleChanged {
            return .invalid([changed.error])
        }
    }

    private func write(_ input: Input, personID: Int?) async throws -> WriteResult<Int> {
        guard user.access.may(.managePeople) else { throw WriteRefusal.forbidden() }
        let name = DelimitedText.collapseSpaces(input.name)
        let email = input.email.trimmingCharacters(in: .whitespaces).lowercased()
        var errors: [FieldError] = []
        if name.isEmpty { errors.append(.init(field: "name", message: "Enter the person's name")) }
        if let long = TextLimit.name.problem(name, label: "Name") { errors.append(.init(field: "name", message: long)) }
        if let long = TextLimit.name.problem(input.jobTitle, label: "Job title") { errors.append(.init(field: "job_title", message: long)) }
        if let long = TextLimit.name.problem(email, label: "Email address") { errors.append(.init(field: "email", message: long)) }
        if !email.isEmpty && !email.contains("@") { errors.append(.init(field: "email", message: "Enter an email address, like name@council.gov.uk")) }
        if let userID = input.userID {
            if let account = try await User.find(userID, on: db) {
                if let refused = Self.notALeadOfficer(account) { errors.append(refused) }
            } else {
                errors.append(.init(field: "user_id", message: "Select an account from the list"))
            }
        }
        guard errors.isEmpty else { return .invalid(errors) }
        let actor = AuditLog.actor(user)
        return try await db.writeTransaction { tx in
            // Linking moves an account's link; two saves for one person at once take turns.
            if let personID { try await RowGuards.lock("people", id: personID, on: tx) }
            let key = LeadNames.key(name)
            let clash = try await Person.query(on: tx).filter(\.$nameKey == key).first()
            if let clash, clash.id != personID { return .invalid([.init(field: "name", message: "There is already a person called \(clash.name)")]) }
            let person: Person
            var before: [String: String] = [:]
            if let personID {
                guard let existing = try await Person.find(personID, on: tx) else { throw WriteRefusal.notFound("person") }
                person = existing
                before = ["name": existing.name, "job_title": existing.jobTitle ?? "", "email": existing.email ?? ""]
            } else {
                person = Person(name: name, nameKey: key)
            }
            person.name = name
            person.nameKey = key
            person.jobTitle = input.jobTitle.trimmingCharacters(in: .whitespaces).isEmpty ? nil : input.jobTitle.trimmingCharacters(in: .whitespaces)
            person.email = email.isEmpty ? nil : email
            try await person.save(on: tx)
            let id = try person.requireID()
            // One account per person: linking moves the link from any other account.
            let linked = try await User.query(on: tx).filter(\.$person.$id == id).all()
            for account in linked where account.id != input.userID {
                account.$person.id = nil
                try await account.save(on: tx)
            }
            if let userID = input.userID, let account = try await User.find(userID, on: tx), account.$person.id != id {
                // Its role may have changed since the check above; the write goes back.
                if let refused = Self.notALeadOfficer(account) { throw RoleChanged(error: refused) }
                account.$person.id = id
                try await account.save(on: tx)
            }
            // A renamed lead changes how every plan they appear in reads.
            for planID in Set(try await MilestoneLead.query(on: tx).filter(\.$person.$id == id).with(\.$milestone).all().map { $0.milestone.$plan.id }) {
                try await PlanDataVersion.bump(planID, on: tx, statusesMayChange: false)
            }
            try await AuditLog.record(.init(actor: actor, action: personID == nil ? "person.created" : "person.updated", entity: "person", entityID: id,
                                            planID: nil, summary: "\(personID == nil ? "Added" : "Updated") the lead officer \(name)",
                                            before: before.isEmpty ? nil : AuditLog.json(before),
                                            after: AuditLog.json(["name": name, "job_title": person.jobTitle ?? "", "email": person.email ?? "",
                                                                  "user_id": input.userID.map(String.init) ?? ""])), on: tx)
            return .saved(id)
        }
    }
}
