public import GRPCCore
public import OMSProto

/// oms.v1.ServerService/Ping: the same messages omsd echoes.
public enum PingMethod: UnaryMethod {
    public typealias Input = Oms_V1_PingRequest
    public typealias Output = Oms_V1_PingResponse
    public static let descriptor = MethodDescriptor(fullyQualifiedService: "oms.v1.ServerService", method: "Ping", type: .unary)
}

/// oms.v1.InventoryService/Availability: the same messages omsd answers from memory.
public enum AvailabilityMethod: UnaryMethod {
    public typealias Input = Oms_V1_StockAvailabilityRequest
    public typealias Output = Oms_V1_StockAvailabilityResponse
    public static let descriptor = MethodDescriptor(
        fullyQualifiedService: "oms.v1.InventoryService", method: "Availability", type: .unary)
}
