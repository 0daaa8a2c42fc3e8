package web

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"iter"
	"net/http"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/contacts"
)

// uploadsKept is how long an uploaded contact file and its report stay.
const uploadsKept = 7 * 24 * time.Hour

// importNew shows the upload form.
func (s *Server) importNew(w http.ResponseWriter, r *http.Request) {
	s.render(w, r, http.StatusOK, "import_new", page{Title: "Import people", Data: map[string]any{"MaxMB": faces.MaxUploadBytes >> 20}})
}

// importUpload keeps an uploaded CSV or vCard file and shows what it
// holds: a CSV file's columns to map, a vCard file's cards.
func (s *Server) importUpload(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, faces.MaxUploadBytes+uploadSlack)
	fail := func(msg string) {
		s.render(w, r, http.StatusUnprocessableEntity, "import_new", page{Title: "Import people",
			Errors: map[string]string{"file": msg}, Data: map[string]any{"MaxMB": faces.MaxUploadBytes >> 20}})
	}
	file, header, err := r.FormFile("file")
	if err != nil {
		var tooBig *http.MaxBytesError
		if errors.As(err, &tooBig) {
			fail(fmt.Sprintf("The file is larger than %d MB; import it with `faces import`, which takes any size.", faces.MaxUploadBytes>>20))
			return
		}
		fail("Choose a CSV or vCard file.")
		return
	}
	defer file.Close()
	data, err := io.ReadAll(io.LimitReader(file, faces.MaxUploadBytes+1))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if len(data) > faces.MaxUploadBytes {
		fail(fmt.Sprintf("The file is larger than %d MB; import it with `faces import`, which takes any size.", faces.MaxUploadBytes>>20))
		return
	}
	if len(bytes.TrimSpace(data)) == 0 {
		fail("The file is empty.")
		return
	}
	u := &faces.ContactUpload{UserID: userFrom(r.Context()).ID, Name: header.Filename, Fields: []string{}}
	switch contacts.Sniff(data) {
	case contacts.FormatVCard:
	case contacts.FormatICalendar:
		fail("This is an iCalendar file, not a list of contacts.")
		return
	case "":
		fail("This is not a CSV or vCard file.")
		return
	default:
		table, err := contacts.ReadCSV(bytes.NewReader(data))
		if err != nil {
			fail(faces.ErrorMessage(err))
			return
		}
		u.Fields = table.Fields
	}
	if err := s.store.CreateUpload(r.Context(), u, data); err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/imports/%d", u.ID), http.StatusSeeOther)
}

// importColumn is one column on the mapping page.
type importColumn struct {
	Index   int
	Header  string
	Field   string
	Samples []string
}

// importShow shows an upload: its columns to map, a run under way, or
// what the last run did.
func (s *Server) importShow(w http.ResponseWriter, r *http.Request) {
	u, data, ok := s.findUpload(w, r)
	if !ok {
		return
	}
	s.renderImport(w, r, http.StatusOK, u, data, "")
}

func (s *Server) renderImport(w http.ResponseWriter, r *http.Request, status int, u *faces.ContactUpload, data []byte, problem string) {
	refresh := 0
	if u.State == faces.UploadRunning {
		refresh = 2
	}
	if isVCard(data) {
		s.render(w, r, status, "import", page{Title: "Import " + u.Name, Refresh: refresh, Data: map[string]any{
			"Upload": u, "Cards": bytes.Count(bytes.ToUpper(data), []byte("BEGIN:VCARD")), "Problem": problem,
		}})
		return
	}
	table, err := contacts.ReadCSV(bytes.NewReader(data))
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	columns := make([]importColumn, len(table.Header))
	for i, h := range table.Header {
		field := ""
		if i < len(u.Fields) {
			field = u.Fields[i]
		}
		columns[i] = importColumn{Index: i, Header: h, Field: field}
	}
	// A few rows, for the person mapping the columns to see what each holds.
	for _, row := range table.Rows(3) {
		for i, v := range row {
			if i < len(columns) && strings.TrimSpace(v) != "" {
				columns[i].Samples = append(columns[i].Samples, v)
			}
		}
	}
	s.render(w, r, status, "import", page{Title: "Import " + u.Name, Refresh: refresh, Data: map[string]any{
		"Upload": u, "Columns": columns, "Fields": contacts.Fields, "Encoding": table.Encoding, "Problem": problem,
	}})
}

// findUpload reads the request's upload and its file, or answers with the
// error.
func (s *Server) findUpload(w http.ResponseWriter, r *http.Request) (*faces.ContactUpload, []byte, bool) {
	id, err := idParam(r)
	if err != nil {
		s.renderError(w, r, err)
		return nil, nil, false
	}
	u, err := s.store.FindUpload(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return nil, nil, false
	}
	if run := s.runs.get(id); run != nil { // under way here: the truth is in memory
		u.State, u.Error, u.Read = faces.UploadRunning, "", int(run.read.Load())
	}
	data, err := s.store.UploadData(r.Context(), id)
	if err != nil {
		s.renderError(w, r, err)
		return nil, nil, false
	}
	return u, data, true
}

// importRun starts a check (a dry run) or the import, in the background:
// the page shows its progress, and any server can show it.
func (s *Server) importRun(w http.ResponseWriter, r *http.Request) {
	u, data, ok := s.findUpload(w, r)
	if !ok {
		return
	}
	for i := range u.Fields {
		field := r.PostFormValue("field_" + strconv.Itoa(i))
		if !contacts.ValidField(field) {
			s.renderImport(w, r, http.StatusUnprocessableEntity, u, data, fmt.Sprintf("“%s” is not a field.", field))
			return
		}
		u.Fields[i] = field
	}
	u.SkipInvalid = r.PostFormValue("skip_invalid") == "on"
	u.DryRun = r.PostFormValue("run") != "import"
	var file interface {
		Contacts() iter.Seq2[*faces.Contact, error]
	}
	if isVCard(data) {
		file = contacts.ReadVCards(bytes.NewReader(data))
	} else {
		table, err := contacts.ReadCSV(bytes.NewReader(data))
		if err != nil {
			s.renderError(w, r, err)
			return
		}
		copy(table.Fields, u.Fields)
		if missing := table.Missing(); missing != "" {
			s.renderImport(w, r, http.StatusUnprocessableEntity, u, data, missing)
			return
		}
		file = table
	}
	if s.runs.get(u.ID) != nil {
		s.renderImport(w, r, http.StatusConflict, u, data, "This file is being imported already.")
		return
	}
	if err := s.store.StartUpload(r.Context(), u); err != nil {
		s.renderImport(w, r, statusOf(err), u, data, faces.ErrorMessage(err))
		return
	}
	ctx, cancel := context.WithCancel(faces.NewContextWithActor(s.janitorCtx, userFrom(r.Context()).ID))
	run := &uploadRun{cancel: cancel}
	s.runs.set(u.ID, run)
	taker := &contacts.PhotoTaker{Pipeline: s.photos, Fetcher: &contacts.Fetcher{AllowPrivate: s.AllowInternalPhotos}}
	s.background.Go(func() { s.runUpload(ctx, run, u, taker.Take(ctx, file.Contacts())) })
	http.Redirect(w, r, fmt.Sprintf("/imports/%d", u.ID), http.StatusSeeOther)
}

// uploadRun is a check or an import running on this server. Its progress
// and its cancellation live here, in memory: on SQLite the import holds
// the database's one writer until it ends, so nothing about it can be
// written there meanwhile. On PostgreSQL a heartbeat also writes the
// progress, for the other servers' pages, and reads their requests to
// cancel.
type uploadRun struct {
	read   atomic.Int64
	cancel context.CancelFunc
}

// uploadRuns are the runs under way on this server, by upload.
type uploadRuns struct {
	mu sync.Mutex
	m  map[int64]*uploadRun
}

func (r *uploadRuns) get(id int64) *uploadRun {
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.m[id]
}

func (r *uploadRuns) set(id int64, run *uploadRun) {
	r.mu.Lock()
	defer r.mu.Unlock()
	if run == nil {
		delete(r.m, id)
		return
	}
	r.m[id] = run
}

// heartbeatEvery is how often a run tells the database how far it is.
const heartbeatEvery = 10 * time.Second

// runUpload runs an upload's check or import, and saves its outcome.
func (s *Server) runUpload(ctx context.Context, run *uploadRun, u *faces.ContactUpload, file iter.Seq2[*faces.Contact, error]) {
	defer s.runs.set(u.ID, nil)
	defer run.cancel()
	beat := make(chan struct{})
	beating := sync.WaitGroup{}
	beating.Go(func() {
		t := time.NewTicker(heartbeatEvery)
		defer t.Stop()
		for {
			select {
			case <-beat:
				return
			case <-t.C:
			}
			// Without waiting: on SQLite the import holds the writer,
			// and this fails at once; that is fine, this server's pages
			// read the progress from memory.
			hctx, stop := context.WithTimeout(context.WithoutCancel(ctx), time.Second)
			now := *u
			now.Read = int(run.read.Load())
			if cancelAsked, err := s.store.UpdateUpload(hctx, &now); err == nil && cancelAsked {
				run.cancel()
			}
			stop()
		}
	})
	rep, err := s.store.ImportContacts(ctx, file, faces.ImportOptions{DryRun: u.DryRun, SkipInvalid: u.SkipInvalid,
		Progress: func(read int) { run.read.Store(int64(read)) }})
	close(beat)
	beating.Wait()
	u.Report, u.Read = rep, int(run.read.Load())
	switch {
	case errors.Is(err, context.Canceled):
		u.State, u.Report = faces.UploadCancelled, nil
	case err != nil:
		u.State, u.Error, u.Report = faces.UploadFailed, faces.ErrorMessage(err), nil
		if faces.ErrorCode(err) == faces.EINTERNAL {
			s.log.Error("import", "err", err)
		}
	case u.DryRun:
		u.State = faces.UploadChecked
	default:
		u.State = faces.UploadDone
	}
	if _, err := s.store.UpdateUpload(context.WithoutCancel(ctx), u); err != nil {
		s.log.Error("import outcome", "err", err)
	}
}

// importCancel asks the run under way to stop: at once when it runs on
// this server, at its next heartbeat when it runs on another.
func (s *Server) importCancel(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if run := s.runs.get(id); run != nil {
		run.cancel()
	} else if err := s.store.CancelUpload(r.Context(), id); err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/imports/%d", id), http.StatusSeeOther)
}

// isVCard tells whether an uploaded file is a vCard file (else CSV).
func isVCard(data []byte) bool { return contacts.Sniff(data) == contacts.FormatVCard }
