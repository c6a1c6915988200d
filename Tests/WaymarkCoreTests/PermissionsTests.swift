import Testing
import WaymarkCore

@Suite struct PermissionsTests {
    @Test func everyoneReads() {
        for role in Role.allCases { #expect(UserAccess(role: role).may(.read)) }
    }

    @Test func leadOfficersUpdateOnlyTheirOwnMilestonesIncludingJointOnes() {
        let kelly = UserAccess(role: .leadOfficer, personID: 7)
        #expect(kelly.may(.updateMilestone(leads: [7])))
        #expect(kelly.may(.updateMilestone(leads: [3, 7])))
        #expect(!kelly.may(.updateMilestone(leads: [3])))
        #expect(!UserAccess(role: .leadOfficer, personID: nil).may(.updateMilestone(leads: [3])))
        #expect(!kelly.may(.editStructure))
        #expect(!kelly.may(.withdrawMilestone))
    }

    @Test func theMatrix() {
        let expected: [Role: [Action]] = [
            .admin: [.read, .manageUsers, .viewAudit, .purgeEvidence],
            .performanceOfficer: [.read, .updateMilestone(leads: [1]), .editStructure, .withdrawMilestone, .managePeople, .viewAudit, .comment, .manageReviews],
            .leadOfficer: [.read],
            .boardMember: [.read, .comment],
            .viewer: [.read],
            // Reads only what `ReviewerReach` lets through.
            .reviewer: [.read],
        ]
        let all: [Action] = [.read, .updateMilestone(leads: [1]), .editStructure, .withdrawMilestone, .managePeople, .manageUsers, .viewAudit, .comment,
                             .manageReviews, .purgeEvidence]
        for role in Role.allCases {
            for action in all {
                #expect(UserAccess(role: role, personID: 99).may(action) == expected[role]!.contains(action), "\(role) \(action)")
            }
        }
    }
}
