package lens

import (
	"os"
	"testing"
)

// devCorpusDir is the labeled development corpus in the workspace's shared
// folder, which sits beside the checkout (and beside CI's clone).
const devCorpusDir = "../../shared/lens/dev"

// dev2CorpusDir is the second one, of other organizations' writing;
// guideCorpusDir the guide's examples, dev3CorpusDir interviews of
// Prometheus users, meltanoCorpusDir pages of Meltano's company handbook
// and of a PagerDuty guide, pagerdutyCorpusDir two pages of PagerDuty's
// incident-response procedures, writtenCorpusDir texts written for the
// purpose in the genres the others lack (trained on), handbookCorpusDir
// pages of company handbooks written for the purpose and labeled blind
// (never trained on), and artsyCorpusDir pages of Artsy's public
// engineering handbook, labeled blind (never trained on), all kept in the
// repository.
const (
	dev2CorpusDir      = "../../shared/lens/dev2"
	guideCorpusDir     = "testdata/guide"
	dev3CorpusDir      = "testdata/dev3"
	meltanoCorpusDir   = "testdata/meltano"
	pagerdutyCorpusDir = "testdata/pagerduty"
	writtenCorpusDir   = "testdata/written"
	handbookCorpusDir  = "testdata/handbook"
	artsyCorpusDir     = "testdata/artsy"
)

// requireInCI fails the test when it runs in CI, where what is missing must
// be there; elsewhere the caller skips.
func requireInCI(tb testing.TB, what string) {
	tb.Helper()
	if os.Getenv("CI") != "" {
		tb.Fatalf("%s is missing, and CI must have it", what)
	}
}

func readDoc(tb testing.TB, name string) []byte {
	tb.Helper()
	b, err := os.ReadFile(devCorpusDir + "/docs/" + name)
	if err != nil {
		tb.Fatal(err)
	}
	return b
}
