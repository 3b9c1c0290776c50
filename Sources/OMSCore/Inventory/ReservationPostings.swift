import OMSProto

/// A plant's reservation numbers by what `ListReservations` filters on
/// besides state: by item, exactly, and by owner (order, production order
/// or external reference), in one of `ownerBuckets` buckets by the owner's
/// hash. A filtered listing walks the one set that holds every match, so a
/// page costs about the page even when the filter matches few of many.
///
/// A reservation is posted when it is made, under its owner and the items of
/// its lines (which it keeps for life), and taken out when it is forgotten.
/// An owner bucket also holds the owners that share its hash: the listing
/// checks each reservation against the whole filter anyway. Derived from
/// the reservations, so a snapshot does not carry it; equality is by
/// members.
public struct ReservationPostings: Sendable, Equatable {
    /// Enough that a bucket holds a few hundred reservations of a plant of
    /// millions; allocated on the first post.
    static let ownerBuckets = 4_096

    private var byItem: [String: SparseNumberSet] = [:]
    private var byOwner: [SparseNumberSet] = []

    public init() {}

    /// Posts `number` under `items` and `owner`. Numbers outside
    /// 1...`count` (the plant's reservation count) are ignored, as by
    /// `ReservationStateIndex.move`.
    mutating func post(
        _ number: UInt64, within count: UInt64, items: some Sequence<String>,
        owner: Oms_Journal_V1_ReservationCreated.OneOf_Owner?
    ) {
        guard number > 0, number <= count else { return }
        // A number inserted twice is one member: no need to make the items unique first.
        for item in items { byItem[item, default: SparseNumberSet()].insert(number) }
        if let bucket = Self.bucket(of: owner) {
            if byOwner.isEmpty { byOwner = Array(repeating: SparseNumberSet(), count: Self.ownerBuckets) }
            byOwner[bucket].insert(number)
        }
    }

    mutating func remove(_ number: UInt64, items: some Sequence<String>, owner: Oms_Journal_V1_ReservationCreated.OneOf_Owner?) {
        // A number never posted is in no set: removing it changes nothing.
        for item in items {
            byItem[item]?.remove(number)
            if byItem[item]?.isEmpty == true { byItem[item] = nil }
        }
        if let bucket = Self.bucket(of: owner), !byOwner.isEmpty { byOwner[bucket].remove(number) }
    }

    /// Postings gathered in any order (a snapshot's reservations come in
    /// table order) and sorted once: inserting them as they come would move
    /// a set's words for nearly every insert.
    struct Unordered {
        private var byItem: [String: [UInt64]] = [:]
        private var byOwner: [[UInt64]] = Array(repeating: [], count: ReservationPostings.ownerBuckets)

        mutating func post(
            _ number: UInt64, within count: UInt64, items: some Sequence<String>,
            owner: Oms_Journal_V1_ReservationCreated.OneOf_Owner?
        ) {
            guard number > 0, number <= count else { return }
            // Duplicates (two lines of one item) are one member once inserted into a set.
            for item in items { byItem[item, default: []].append(number) }
            if let bucket = ReservationPostings.bucket(of: owner) { byOwner[bucket].append(number) }
        }

        var sorted: ReservationPostings {
            var postings = ReservationPostings()
            for (item, numbers) in byItem {
                postings.byItem[item] = numbers.sorted().reduce(into: SparseNumberSet()) { $0.insert($1) }
            }
            if byOwner.contains(where: { !$0.isEmpty }) {
                postings.byOwner = byOwner.map { $0.sorted().reduce(into: SparseNumberSet()) { $0.insert($1) } }
            }
            return postings
        }
    }

    /// The numbers that may match the request's item and owner filters (a
    /// superset), or nil when it has none.
    func candidates(_ request: Oms_V1_ListReservationsRequest) -> SparseNumberSet? {
        let owner: Owner? =
            if !request.orderID.isEmpty { .order(request.orderID) }
            else if !request.productionOrderID.isEmpty { .productionOrder(request.productionOrderID) }
            else if !request.externalReference.isEmpty { .externalReference(request.externalReference) }
            else { nil }
        if let owner {
            return byOwner.isEmpty ? SparseNumberSet() : byOwner[Self.bucket(owner)]
        }
        return request.itemID.isEmpty ? nil : byItem[request.itemID] ?? SparseNumberSet()
    }

    /// What an owner filter names.
    private enum Owner: Hashable {
        case order(String)
        case productionOrder(String)
        case externalReference(String)
    }

    private static func bucket(of owner: Oms_Journal_V1_ReservationCreated.OneOf_Owner?) -> Int? {
        switch owner {
        case .orderLine(let line)?: bucket(.order(line.orderID))
        case .productionOrderID(let id)?: bucket(.productionOrder(id))
        case .externalReference(let reference)?: bucket(.externalReference(reference))
        case nil: nil
        }
    }

    private static func bucket(_ owner: Owner) -> Int {
        // Hashes are seeded per process: fine for a structure that is never stored.
        owner.hashValue & (ownerBuckets - 1)
    }

    public static func == (lhs: Self, rhs: Self) -> Bool {
        guard lhs.byItem == rhs.byItem else { return false }
        let empty = SparseNumberSet()
        return (0..<ownerBuckets).allSatisfy { bucket in
            (lhs.byOwner.isEmpty ? empty : lhs.byOwner[bucket]) == (rhs.byOwner.isEmpty ? empty : rhs.byOwner[bucket])
        }
    }
}

extension ReservationPostings: CustomStringConvertible {
    /// Short: the owner buckets are thousands of sets.
    public var description: String {
        let owners = byOwner.filter { !$0.isEmpty }
        return "ReservationPostings(items: \(byItem.mapValues(\.count)), owner buckets: \(owners.count), "
            + "owner postings: \(owners.reduce(0) { $0 + $1.count }))"
    }
}
