// The learner runner's runtime (the starter's markers, the remote peer) is part of the engine's API.
@_exported import LearnerRuntime
