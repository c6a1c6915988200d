/// Moving one item up or down a list by swapping it with its neighbour.
public enum Reordering {
    /// The ids in their new order, or nil when the item is not there or is already at that end.
    public static func movingOne<ID: Equatable>(_ id: ID, up: Bool, in ids: [ID]) -> [ID]? {
        guard let index = ids.firstIndex(of: id) else { return nil }
        let other = up ? index - 1 : index + 1
        guard ids.indices.contains(other) else { return nil }
        var reordered = ids
        reordered.swapAt(index, other)
        return reordered
    }
}
