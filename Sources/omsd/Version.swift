import OMSCore
let OMSVersionString = OMSVersion.string
