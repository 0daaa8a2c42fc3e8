package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// vCards of each version go in with `faces import`, come out with `faces
// export --vcard`, and that export goes into another database whole.
func TestImportAndExportVCards(t *testing.T) {
	dir := t.TempDir()
	first, second := filepath.Join(dir, "first.db"), filepath.Join(dir, "second.db")
	code, out, errOut := runFaces(t, "", "import", "--db", first, "--progress", "never", "--skip-invalid", "../../contacts/testdata/mixed.vcf")
	if code != 0 {
		t.Fatalf("import: %d %s %s", code, out, errOut)
	}
	for _, want := range []string{
		"Imported ../../contacts/testdata/mixed.vcf (vCard 2.1, 3.0 and 4.0, UTF-8): 5 contacts read",
		"new people: 3; new companies: 2",
		"relationships made: 1",
		"line 32: Related to urn:uuid:nobody, whom neither the file nor Faces knows; not linked.",
		"line 42: The card is of an organization (KIND:org), not a person; not imported.",
		"line 47: The card has no name (FN or N).",
		"properties not read: BDAY (1), X-ABLABEL (1)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("the report lacks %q:\n%s", want, out)
		}
	}
	code, card, errOut := runFaces(t, "", "export", "--db", first, "--vcard")
	if code != 0 {
		t.Fatalf("export: %d %s", code, errOut)
	}
	for _, want := range []string{"BEGIN:VCARD\r\nVERSION:4.0\r\n", "FN:Jill Okafor\r\n", "ORG:Acme Logistics;Night Operations\r\n",
		"RELATED;TYPE=co-worker;X-FACES-KIND=works_with:urn:uuid:", "X-FACES-POSITION:{\"company\":\"Initech\\, Inc.\""} {
		if !strings.Contains(card, want) {
			t.Errorf("the export lacks %q:\n%s", want, card)
		}
	}
	file := filepath.Join(dir, "export.vcf")
	os.WriteFile(file, []byte(card), 0o644)
	code, out, errOut = runFaces(t, "", "import", "--db", second, "--progress", "never", file)
	if code != 0 || !strings.Contains(out, "(vCard 4.0, UTF-8): 3 contacts read") || !strings.Contains(out, "new people: 3") ||
		!strings.Contains(out, "relationships made: 1") {
		t.Errorf("import of the export: %d %s %s", code, out, errOut)
	}
	// CSV out, and back into a third database.
	code, table, errOut := runFaces(t, "", "export", "--db", first, "--csv")
	if code != 0 || !strings.HasPrefix(table, "Name,Pronouns,Email,Phone,Address,Website,Tags,Company,Division,Job Title,Since,Notes,Faces ID,Updated\n") ||
		!strings.Contains(table, "Jill Okafor,,jill@acme.example,'+1 555 0100; +1 555 0101,") {
		t.Errorf("CSV export: %d %s\n%s", code, errOut, table)
	}
	csvFile := filepath.Join(dir, "export.csv")
	os.WriteFile(csvFile, []byte(table), 0o644)
	code, out, errOut = runFaces(t, "", "import", "--db", filepath.Join(dir, "third.db"), "--progress", "never", csvFile)
	if code != 0 || !strings.Contains(out, "3 contacts read") || !strings.Contains(out, "new people: 3; new companies: 2") ||
		!strings.Contains(out, "columns not read: Since, Faces ID, Updated") {
		t.Errorf("import of the CSV export: %d %s %s", code, out, errOut)
	}
	// A backup of the first database holds its people.
	code, out, errOut = runFaces(t, "", "backup", "--db", first, filepath.Join(dir, "copy.db"))
	if code != 0 || !strings.Contains(out, "the copy passed SQLite's check") {
		t.Errorf("backup: %d %s %s", code, out, errOut)
	}
	if code, again, _ := runFaces(t, "", "export", "--db", filepath.Join(dir, "copy.db"), "--csv"); code != 0 || again != table {
		t.Errorf("the backup's export differs from the database's:\n%s", again)
	}
	// Everything about Jill, as a subject access archive.
	if code, zip, errOut := runFaces(t, "", "export", "--db", first, "--subject-access", "1"); code != 0 || !strings.HasPrefix(zip, "PK") || !strings.Contains(zip, "index.html") {
		t.Errorf("subject access: %d %s", code, errOut)
	}
	if code, _, errOut := runFaces(t, "", "export", "--db", first, "--subject-access", "99"); code != 1 || !strings.Contains(errOut, "Person not found.") {
		t.Errorf("subject access to no one: %d %s", code, errOut)
	}
	// The whole database as an archive, restored into another.
	code, zipped, errOut := runFaces(t, "", "export", "--db", first, "--archive")
	if code != 0 || !strings.HasPrefix(zipped, "PK") || !strings.Contains(errOut, "Archived ") {
		t.Fatalf("archive: %d %s", code, errOut)
	}
	archive := filepath.Join(dir, "faces-archive.zip")
	os.WriteFile(archive, []byte(zipped), 0o644)
	restored := filepath.Join(dir, "restored.db")
	code, out, errOut = runFaces(t, "", "import", "--db", restored, archive)
	if code != 0 || !strings.Contains(out, "Restored "+archive+" (a Faces archive from sqlite") {
		t.Errorf("restore: %d %s %s", code, out, errOut)
	}
	if code, again, _ := runFaces(t, "", "export", "--db", restored, "--csv"); code != 0 || again != table {
		t.Errorf("the restored database's export differs:\n%s", again)
	}
	if code, _, errOut := runFaces(t, zipped, "import", "--db", restored, "-"); code != 1 || !strings.Contains(errOut, "An archive is restored into an empty database") {
		t.Errorf("a second restore from standard input: %d %s", code, errOut)
	}
	if code, _, errOut := runFaces(t, "", "export", "--db", first); code != 2 || !strings.Contains(errOut, "--vcard|--csv") {
		t.Errorf("export without a format: %d %s", code, errOut)
	}
}
