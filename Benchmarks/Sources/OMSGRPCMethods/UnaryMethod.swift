public import GRPCCore
public import SwiftProtobuf

/// A unary method as grpc-swift-2's code generator would describe it; written
/// by hand for the two methods of the baseline, so no build plugin is needed.
public protocol UnaryMethod: Sendable {
    associatedtype Input: SwiftProtobuf.Message
    associatedtype Output: SwiftProtobuf.Message
    static var descriptor: MethodDescriptor { get }
}
