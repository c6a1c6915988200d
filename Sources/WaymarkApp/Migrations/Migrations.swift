import Fluent

/// Every migration, in the order it runs. Add new ones at the end; never edit a released one.
enum Migrations {
    static let all: [any Migration] = [
        CreatePlans(),
        CreateAreas(),
        CreateActivities(),
        CreatePeople(),
        CreateMilestones(),
        CreateMilestoneLeads(),
        CreateAuditEvents(),
        CreateUsers(),
        CreateMilestoneUpdates(),
        SessionRecord.migration,
        CreateAPITokens(),
        AddPlanDataVersion(),
        CreateMilestoneComments(),
        CreateReportingPeriods(),
        CreateGovernance(),
        CreateDirections(),
        CreateReminders(),
        AddAuditPlanTimeIndex(),
        AddAccountLifecycle(),
        CreateWriteGate(),
        CreateAppSecrets(),
        CreatePackPDFs(),
        CreateSignInAttempts(),
        AddReminderClaims(),
        AddAuditChain(),
        CreateSecondFactors(),
        CreateKPIs(),
        CreateReviews(),
        CreateReviewSchedule(),
        AddReviewerAccess(),
        CreateReviewFindings(),
    ]
}
