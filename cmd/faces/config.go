package main

import (
	"flag"
	"fmt"
	"os"
	"strings"
)

// envName is the environment variable that sets a flag: --session-idle is
// FACES_SESSION_IDLE.
func envName(flagName string) string {
	return "FACES_" + strings.ToUpper(strings.ReplaceAll(flagName, "-", "_"))
}

// fromEnv gives each of a command's flags the value of its FACES_…
// variable, when set, before the command line is parsed (so a flag on the
// command line wins), and names the variable in the flag's help. A value
// that does not parse is an error that names the variable.
func fromEnv(fs *flag.FlagSet) error {
	var err error
	fs.VisitAll(func(f *flag.Flag) {
		name := envName(f.Name)
		if !strings.Contains(f.Usage, "(env ") {
			f.Usage += " (env " + name + ")"
		}
		if v, ok := os.LookupEnv(name); ok && err == nil {
			if e := f.Value.Set(v); e != nil {
				err = fmt.Errorf("%s=%q: %v", name, v, e)
			}
		}
	})
	return err
}
