package faces

import (
	"runtime"
	"runtime/debug"
)

// version is set at link time by a release build
// (-ldflags "-X github.com/faces-org/faces.version=v1.2.3"); otherwise the
// module version Go recorded is used.
var version string

// BuildInfo names the build that is running: what `faces version` prints
// and the faces_build_info metric carries.
type BuildInfo struct {
	Version   string // a release ("v1.2.3"), Go's pseudo-version, or "devel"
	Commit    string // the VCS revision, "" when unknown
	Modified  bool   // built from a working tree with uncommitted changes
	GoVersion string
}

// Build returns the running build's version, commit and Go version.
func Build() BuildInfo {
	b := BuildInfo{Version: version, GoVersion: runtime.Version()}
	info, ok := debug.ReadBuildInfo()
	if !ok {
		if b.Version == "" {
			b.Version = "devel"
		}
		return b
	}
	if b.Version == "" {
		b.Version = info.Main.Version
	}
	if b.Version == "" || b.Version == "(devel)" {
		b.Version = "devel"
	}
	for _, s := range info.Settings {
		switch s.Key {
		case "vcs.revision":
			b.Commit = s.Value
		case "vcs.modified":
			b.Modified = s.Value == "true"
		}
	}
	return b
}
