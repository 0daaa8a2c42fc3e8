package main

import (
	"bufio"
	"database/sql"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	_ "modernc.org/sqlite"
)

// writeContacts writes a HubSpot-like export of n people.
func writeContacts(t *testing.T, path string, n int) {
	t.Helper()
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	w := bufio.NewWriter(f)
	fmt.Fprintln(w, "First Name,Last Name,Email,Company Name,Job Title")
	for i := range n {
		fmt.Fprintf(w, "Person,Number %d,p%d@c%d.example,Company %d,Buyer\n", i, i, i/20, i/20)
	}
	if err := w.Flush(); err != nil {
		t.Fatal(err)
	}
	f.Close()
}

// A `faces import` killed with SIGKILL in the middle leaves the database
// as it was before it started, on both databases.
func TestImportKilledMidway(t *testing.T) {
	if testing.Short() {
		t.Skip("imports a large file")
	}
	dir := t.TempDir()
	small, big := filepath.Join(dir, "small.csv"), filepath.Join(dir, "big.csv")
	os.WriteFile(small, []byte("Name,Email,Company,Job Title\nJill Okafor,jill@acme.example,Acme,CFO\nBob Stone,bob@acme.example,Acme,Buyer\n"), 0o644)
	writeContacts(t, big, 400000)
	for _, tc := range []struct{ name, dsn, driver, open string }{
		{"sqlite", filepath.Join(dir, "faces.db"), "sqlite", "file:" + filepath.Join(dir, "faces.db")},
		{"postgres", "", "pgx", ""},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if tc.name == "postgres" {
				// A PostgreSQL of its own: the import's long transaction
				// would make the erasure sweep of other packages' tests,
				// on the shared server, wait for it.
				tc.dsn = startPrivatePostgres(t).dsn()
				tc.open = tc.dsn
			}
			if code, out, errOut := runFaces(t, "", "import", "--db", tc.dsn, small); code != 0 {
				t.Fatalf("the small import: %s %s", out, errOut)
			}
			db, err := sql.Open(tc.driver, tc.open)
			if err != nil {
				t.Fatal(err)
			}
			defer db.Close()
			state := func() string {
				var people, companies, positions, audit, emails int
				db.QueryRow(`SELECT COUNT(*) FROM people`).Scan(&people)
				db.QueryRow(`SELECT COUNT(*) FROM companies`).Scan(&companies)
				db.QueryRow(`SELECT COUNT(*) FROM positions`).Scan(&positions)
				db.QueryRow(`SELECT COUNT(*) FROM audit_log`).Scan(&audit)
				db.QueryRow(`SELECT COUNT(*) FROM person_emails`).Scan(&emails)
				return fmt.Sprintf("%d people, %d companies, %d positions, %d audit entries, %d addresses", people, companies, positions, audit, emails)
			}
			before := state()

			cmd := exec.Command(facesBinary(t), "import", "--db", tc.dsn, "--progress", "always", big)
			stderr, _ := cmd.StderrPipe()
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			// Wait until it says it has read contacts: it is writing them.
			sc := bufio.NewScanner(stderr)
			sc.Split(bufio.ScanRunes)
			var seen strings.Builder
			deadline := time.After(60 * time.Second)
			progressed := make(chan bool, 1)
			go func() {
				for sc.Scan() {
					seen.WriteString(sc.Text())
					if strings.Contains(seen.String(), "000 contacts") {
						progressed <- true
						return
					}
				}
				progressed <- false
			}()
			select {
			case ok := <-progressed:
				if !ok {
					cmd.Wait()
					t.Fatalf("the import ended before it was killed: %s", seen.String())
				}
			case <-deadline:
				t.Fatal("no progress in a minute")
			}
			cmd.Process.Signal(syscall.SIGKILL)
			cmd.Wait()
			if cmd.ProcessState.ExitCode() != -1 {
				t.Fatalf("the import was not killed: it exited with %d", cmd.ProcessState.ExitCode())
			}
			if after := state(); after != before {
				t.Errorf("after the kill: %s; before: %s", after, before)
			}
			// And the database is sound: the same import runs to the end
			// afterwards.
			if code, out, errOut := runFaces(t, "", "import", "--db", tc.dsn, small); code != 0 || !strings.Contains(out, "unchanged: 2") {
				t.Errorf("importing again after the kill: %s %s", out, errOut)
			}
		})
	}
}
