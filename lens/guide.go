package lens

import _ "embed"

// LabelingGuide is the guide to labeling sentences by level, in Markdown:
// the rules the shipped model's corpora were labeled by, and how an
// organization labels its own writing to adapt the model (Adapt).
//
//go:embed GUIDE.md
var LabelingGuide string
