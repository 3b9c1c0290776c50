public import OMSProto

/// A plant's reservation numbers by state, kept by apply (and rebuilt on
/// restore) as reservations are made, change state and are forgotten.
/// `ListReservations` walks the states it is asked for in number order.
public struct ReservationStateIndex: Sendable, Equatable {
    private var byState: [Oms_V1_ReservationState: ReservationNumberSet] = [:]

    public init() {}

    /// Moves `number` from the set of state `old` to that of `new` (nil:
    /// none). Numbers outside 1...`count` (the plant's reservation count:
    /// ids are made from it) are ignored, which bounds the sets whatever an
    /// id says.
    mutating func move(
        _ number: UInt64, within count: UInt64, from old: Oms_V1_ReservationState?, to new: Oms_V1_ReservationState?
    ) {
        guard number > 0, number <= count else { return }
        if let old { byState[old]?.remove(number) }
        if let new { byState[new, default: ReservationNumberSet()].insert(number) }
    }

    public func count(_ state: Oms_V1_ReservationState) -> Int {
        byState[state]?.count ?? 0
    }

    /// Whether `number` is in any of `states`.
    public func contains(_ number: UInt64, in states: Set<Oms_V1_ReservationState>) -> Bool {
        states.contains { byState[$0]?.contains(number) == true }
    }

    /// The numbers in any of `states` greater than `after`, ascending.
    public func members(after: UInt64, in states: Set<Oms_V1_ReservationState>) -> ReservationNumberSet.Members {
        ReservationNumberSet.members(of: states.compactMap { byState[$0] }, after: after)
    }

    /// By members: a state whose set emptied equals one never used.
    public static func == (lhs: Self, rhs: Self) -> Bool {
        Set(lhs.byState.keys).union(rhs.byState.keys).allSatisfy { state in
            (lhs.byState[state] ?? ReservationNumberSet()) == (rhs.byState[state] ?? ReservationNumberSet())
        }
    }
}
