// The headers type lives in HTTP, shared with the chapters that speak HTTP; the webhook contracts
// use it, so it comes with them.
@_exported import HTTP
