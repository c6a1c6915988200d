/// A status the file reports, read in the words of the plan's status scheme.
extension PlanDocumentBuilder {
    /// The scheme's code for the row's status, or nil. "Withdrawn…" withdraws the milestone
    /// instead, as it always has. Waymark works statuses out from the dates; a completed status
    /// says something only a completion date can back, so without one it is a mistake where
    /// the file has a column for the date, and is kept as reported, with one warning, where it
    /// has none.
    mutating func reportedStatus(_ cells: MilestoneCells, withdrawnReason: inout String?) -> String? {
        let written = cells.status
        guard !written.isEmpty else { return nil }
        if written.lowercased().hasPrefix("withdrawn") {
            withdrawnReason = withdrawnReason ?? "Marked withdrawn in the imported file (line \(cells.line))"
            return nil
        }
        guard let status = scheme.status(matching: written) else {
            problem(cells.line, "status", "\"\(written)\" is not a status; use \(scheme.statusNamesListed), or Withdrawn")
            return nil
        }
        if status.kind == .completed && cells.completed.isEmpty {
            if hasCompletionColumn {
                problem(cells.line, "completed", "the status is \(status.shortName) but no completion date is given")
            } else if !warnedCompletedWithoutDate {
                warnedCompletedWithoutDate = true
                warn(cells.line, "status", "the file has no completion date column, so statuses such as \"\(written)\" are kept as reported, "
                    + "but Waymark counts a milestone completed only from a completion date")
            }
        }
        return status.code
    }
}
