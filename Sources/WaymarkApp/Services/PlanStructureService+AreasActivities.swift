import Fluent
import Foundation
import WaymarkCore

extension PlanStructureService {
    func renameArea(_ areaID: Int, to name: String) async throws -> WriteResult<Void> {
        try guardAllowed()
        let name = DelimitedText.collapseSpaces(name)
        guard !name.isEmpty else { return .invalid([.init(field: "name", message: "Enter the area's name")]) }
        if let long = TextLimit.name.problem(name, label: "Area name") { return .invalid([.init(field: "name", message: long)]) }
        return try await db.writeTransaction { tx in
            guard let area = try await Area.find(areaID, on: tx) else { throw WriteRefusal.notFound("area") }
            if try await Area.query(on: tx).filter(\.$plan.$id == area.$plan.id).filter(\.$name == name).filter(\.$id != areaID).count() > 0 {
                return .invalid([.init(field: "name", message: "The plan already has an area called \(name)")])
            }
            let before = area.name
            area.name = name
            try await area.save(on: tx)
            try await finish(tx, planID: area.$plan.id, action: "area.renamed", entity: "area", id: areaID,
                             summary: "Renamed the area \(before) to \(name)", before: ["name": before], after: ["name": name])
            return .saved
        }
    }

    /// Swaps an area with its neighbour in the plan's order.
    func moveArea(_ areaID: Int, up: Bool) async throws {
        try guardAllowed()
        try await db.writeTransaction { tx in
            guard let area = try await Area.find(areaID, on: tx) else { throw WriteRefusal.notFound("area") }
            try await RowGuards.lock("plans", id: area.$plan.id, on: tx)
            let areas = try await Area.query(on: tx).filter(\.$plan.$id == area.$plan.id).sort(\.$position).sort(\.$id).all()
            guard let order = Reordering.movingOne(areaID, up: up, in: areas.compactMap(\.id)) else { return }
            for (position, itemID) in order.enumerated() {
                guard let item = areas.first(where: { $0.id == itemID }), item.position != position + 1 else { continue }
                item.position = position + 1
                try await item.save(on: tx)
            }
            try await finish(tx, planID: area.$plan.id, action: "area.moved", entity: "area", id: areaID,
                             summary: "Moved the area \(area.name) \(up ? "up" : "down")", before: [:], after: ["direction": up ? "up" : "down"])
        }
    }

    func renameActivity(_ activityID: Int, to title: String) async throws -> WriteResult<Void> {
        try guardAllowed()
        let title = DelimitedText.collapseSpaces(title)
        guard !title.isEmpty else { return .invalid([.init(field: "title", message: "Enter the activity")]) }
        if let long = TextLimit.title.problem(title, label: "Activity") { return .invalid([.init(field: "title", message: long)]) }
        return try await db.writeTransaction { tx in
            guard let activity = try await Activity.find(activityID, on: tx) else { throw WriteRefusal.notFound("activity") }
            let before = activity.title
            activity.title = title
            try await activity.save(on: tx)
            try await finish(tx, planID: activity.$plan.id, action: "activity.renamed", entity: "activity", id: activityID,
                             summary: "Renamed activity \(activity.label)", before: ["title": before], after: ["title": title])
            return .saved
        }
    }

    /// Swaps an activity's number with the neighbouring activity in the same area, so the plan's
    /// numbering still reads in order.
    func moveActivity(_ activityID: Int, up: Bool) async throws {
        try guardAllowed()
        try await db.writeTransaction { tx in
            guard let activity = try await Activity.find(activityID, on: tx) else { throw WriteRefusal.notFound("activity") }
            try await RowGuards.lock("plans", id: activity.$plan.id, on: tx)
            let siblings = try await Activity.query(on: tx).filter(\.$area.$id == activity.$area.id).sort(\.$number).all()
            let ids = siblings.compactMap(\.id)
            guard let order = Reordering.movingOne(activityID, up: up, in: ids), let newIndex = order.firstIndex(of: activityID) else { return }
            let other = siblings[newIndex]
            let (mine, theirs) = (activity.number, other.number)
            // Numbers are unique in a plan, so one side steps aside while the other moves.
            activity.number = -mine
            try await activity.save(on: tx)
            other.number = mine
            try await other.save(on: tx)
            activity.number = theirs
            try await activity.save(on: tx)
            try await finish(tx, planID: activity.$plan.id, action: "activity.moved", entity: "activity", id: activityID,
                             summary: "Activity \"\(activity.title)\" is now number \(theirs)", before: ["number": String(mine)], after: ["number": String(theirs)])
        }
    }
}
