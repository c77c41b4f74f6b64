// The agent runs on Linux edge computers; these tests use unix modes, symlinks and signals throughout.
[assembly: System.Runtime.Versioning.UnsupportedOSPlatform("windows")]
