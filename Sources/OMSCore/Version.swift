public enum OMSVersion { public static let string = "0.1.0" }
