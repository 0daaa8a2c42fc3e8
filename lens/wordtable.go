package lens

// wordTable is a read-only hash table from words to their classes. It does
// the lexicon's one job faster than a Go map: most words of a text are in
// no list, and an open-addressed table kept a quarter full answers "no"
// after one probe, with a hash cheap enough for words of a few bytes.
type wordTable struct {
	mask  uint32
	slots []wordSlot
}

type wordSlot struct {
	key string
	cls class
}

func newWordTable(words map[string]class) *wordTable {
	size := uint32(16)
	for size < uint32(4*len(words)) {
		size <<= 1
	}
	t := &wordTable{mask: size - 1, slots: make([]wordSlot, size)}
	for w, c := range words {
		i := hashWord(w) & t.mask
		for t.slots[i].key != "" {
			i = (i + 1) & t.mask
		}
		t.slots[i] = wordSlot{w, c}
	}
	return t
}

// get returns the classes of w, or 0 when w is in no list.
func (t *wordTable) get(w string) class {
	for i := hashWord(w) & t.mask; ; i = (i + 1) & t.mask {
		s := &t.slots[i]
		if s.key == w {
			return s.cls
		}
		if s.key == "" {
			return 0
		}
	}
}

// hashWord is FNV-1a over the word's bytes.
func hashWord(w string) uint32 {
	h := uint32(2166136261)
	for i := 0; i < len(w); i++ {
		h ^= uint32(w[i])
		h *= 16777619
	}
	return h
}

var lexiconTable, namesTable *wordTable

// init builds the tables once every list has been registered.
func init() {
	lexiconTable = newWordTable(lexicon)
	namesTable = newWordTable(names)
}
