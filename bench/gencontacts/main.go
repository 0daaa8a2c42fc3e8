// Command gencontacts writes a large, realistic contact export to test
// imports with: people with names from the lens's lexicons, at companies
// (one for every twenty people, some with commas in their names), with
// titles, work e-mails on their company's domain, phones, tags and notes
// (some with line breaks and quotes, which CSV must quote), and a share of
// repeated people, as real exports have.
//
//	cd bench && go run ./gencontacts -people 1000000 -flavor hubspot > people.csv
//
// Flavors are the column sets of common exports: hubspot, salesforce,
// google, outlook; and vcard, an address book's vCard file (version 3.0,
// one card in ten in version 2.1 with a quoted-printable note, as older
// phones write). The output is the same for the same -seed.
package main

import (
	"bufio"
	"encoding/csv"
	"flag"
	"fmt"
	"log"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"

	"github.com/faces-org/faces/bench/internal/org"
)

var headers = map[string][]string{
	"hubspot":    {"Record ID", "First Name", "Last Name", "Email", "Phone Number", "Company Name", "Job Title", "Lifecycle Stage", "Notes"},
	"salesforce": {"First Name", "Last Name", "Title", "Account Name", "Mailing City", "Phone", "Mobile", "Email", "Description", "Contact Owner"},
	"google":     {"First Name", "Middle Name", "Last Name", "Organization Name", "Organization Title", "E-mail 1 - Label", "E-mail 1 - Value", "Phone 1 - Label", "Phone 1 - Value", "Labels", "Notes"},
	"outlook":    {"Title", "First Name", "Middle Name", "Last Name", "Company", "Job Title", "Business Phone", "Mobile Phone", "E-mail Address", "Notes", "Categories"},
}

func main() {
	people := flag.Int("people", 100000, "how many rows")
	flavor := flag.String("flavor", "hubspot", "the export's columns: hubspot, salesforce, google or outlook")
	repeat := flag.Float64("repeat", 0.01, "the share of rows that repeat an earlier person (same e-mail)")
	seed := flag.Uint64("seed", 1, "the random seed")
	lexicon := flag.String("lexicon", "../lens/lexicon", "folder with first_names.txt and last_names.txt")
	flag.Parse()
	header, ok := headers[*flavor]
	if !ok && *flavor != "vcard" {
		log.Fatalf("unknown flavor %q", *flavor)
	}
	first, err := org.ReadLines(filepath.Join(*lexicon, "first_names.txt"))
	check(err)
	last, err := org.ReadLines(filepath.Join(*lexicon, "last_names.txt"))
	check(err)
	rnd := rand.New(rand.NewPCG(*seed, 7))
	companies := make([]string, max(1, *people/20))
	for i := range companies {
		name := last[rnd.IntN(len(last))] + " " + []string{"Industries", "Logistics", "Health", "Foods", "Systems", "Labs", "Energy", "Retail"}[rnd.IntN(8)]
		if rnd.IntN(10) == 0 {
			name += ", Inc."
		}
		companies[i] = fmt.Sprintf("%s %d", name, i)
	}
	out := bufio.NewWriterSize(os.Stdout, 1<<20)
	defer out.Flush()
	w := csv.NewWriter(out)
	if header != nil {
		check(w.Write(header))
	}
	type person struct{ first, last, email, company, title string }
	var earlier []person
	for i := range *people {
		var p person
		if len(earlier) > 0 && rnd.Float64() < *repeat {
			p = earlier[rnd.IntN(len(earlier))]
		} else {
			p = person{first: first[rnd.IntN(len(first))], last: last[rnd.IntN(len(last))]}
			p.company = companies[rnd.IntN(len(companies))]
			p.title = org.Titles[rnd.IntN(len(org.Titles))]
			domain := strings.ToLower(strings.NewReplacer(" ", "", ",", "", ".", "").Replace(p.company)) + ".example"
			p.email = fmt.Sprintf("%s.%s.%d@%s", strings.ToLower(p.first), strings.ToLower(p.last), i, domain)
			if len(earlier) < 10000 {
				earlier = append(earlier, p)
			} else {
				earlier[rnd.IntN(len(earlier))] = p
			}
		}
		phone := fmt.Sprintf("+1 555 %04d", rnd.IntN(10000))
		tag := org.Tags[rnd.IntN(len(org.Tags))]
		notes := ""
		switch rnd.IntN(10) {
		case 0:
			notes = fmt.Sprintf("Talks about the %s %s.\nSays \"%s\" a lot.", org.Words[rnd.IntN(len(org.Words))], org.Words[rnd.IntN(len(org.Words))], org.Words[rnd.IntN(len(org.Words))])
		case 1, 2:
			notes = "Met at the " + org.Words[rnd.IntN(len(org.Words))] + " review."
		}
		var row []string
		switch *flavor {
		case "vcard":
			writeCard(out, i, p.first, p.last, p.email, phone, p.company, p.title, tag, notes)
			continue
		case "hubspot":
			row = []string{fmt.Sprint(i + 1), p.first, p.last, p.email, phone, p.company, p.title, "customer", notes}
		case "salesforce":
			row = []string{p.first, p.last, p.title, p.company, "Springfield", phone, "", p.email, notes, "Ada Admin"}
		case "google":
			row = []string{p.first, "", p.last, p.company, p.title, "Work", p.email, "Work", phone, tag + " ::: * myContacts", notes}
		case "outlook":
			row = []string{"", p.first, "", p.last, p.company, p.title, phone, "", p.email, notes, tag}
		}
		check(w.Write(row))
	}
	w.Flush()
	check(w.Error())
}

// writeCard writes one person as a vCard: version 3.0, or one in ten as
// version 2.1 with bare parameters and a quoted-printable note.
func writeCard(w *bufio.Writer, i int, first, last, email, phone, company, title, tag, notes string) {
	esc := strings.NewReplacer(`\`, `\\`, "\n", `\n`, ",", `\,`, ";", `\;`)
	if i%10 == 9 {
		fmt.Fprintf(w, "BEGIN:VCARD\r\nVERSION:2.1\r\nN:%s;%s;;;\r\nFN:%s %s\r\nORG:%s\r\nTITLE:%s\r\nTEL;WORK;VOICE:%s\r\nEMAIL;PREF;INTERNET:%s\r\n",
			last, first, first, last, strings.ReplaceAll(company, ";", ","), title, phone, email)
		if notes != "" {
			fmt.Fprintf(w, "NOTE;ENCODING=QUOTED-PRINTABLE;CHARSET=UTF-8:%s\r\n", strings.ReplaceAll(strings.ReplaceAll(notes, "=", "=3D"), "\n", "=0D=0A"))
		}
		fmt.Fprint(w, "END:VCARD\r\n")
		return
	}
	fmt.Fprintf(w, "BEGIN:VCARD\r\nVERSION:3.0\r\nN:%s;%s;;;\r\nFN:%s %s\r\nORG:%s\r\nTITLE:%s\r\nTEL;TYPE=WORK,VOICE:%s\r\nEMAIL;TYPE=INTERNET,WORK:%s\r\nCATEGORIES:%s\r\n",
		esc.Replace(last), esc.Replace(first), esc.Replace(first), esc.Replace(last), esc.Replace(company), esc.Replace(title), phone, email, esc.Replace(tag))
	if notes != "" {
		fmt.Fprintf(w, "NOTE:%s\r\n", esc.Replace(notes))
	}
	fmt.Fprint(w, "END:VCARD\r\n")
}

func check(err error) {
	if err != nil {
		log.Fatal(err)
	}
}
