public import OMSCore
public import OMSEngine
public import OMSProto

/// A plant's inventory is what its shard writes.
extension InventoryState: ShardDomain {
    public typealias Command = InventoryCommand
    public typealias Event = Oms_Journal_V1_InventoryEvent
    public typealias Reply = InventoryReply
    public typealias Context = CommandContext
    public typealias Failure = DomainError
}
