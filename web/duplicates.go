package web

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/faces-org/faces"
)

// duplicatesPerPage is how many pairs the duplicates page shows at once.
const duplicatesPerPage = 25

// duplicates proposes pairs of people who may be one, with the evidence,
// and lists the recent merges, which can be undone.
func (s *Server) duplicates(w http.ResponseWriter, r *http.Request) {
	s.renderDuplicates(w, r, http.StatusOK, "")
}

func (s *Server) renderDuplicates(w http.ResponseWriter, r *http.Request, status int, problem string) {
	ctx := r.Context()
	after := r.URL.Query().Get("after")
	pairs, next, err := s.store.Duplicates(ctx, after, duplicatesPerPage)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	merges, err := s.store.RecentMerges(ctx, 20)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, status, "duplicates", page{Title: "Duplicates", Flash: r.URL.Query().Get("done"), Data: map[string]any{
		"Pairs": pairs, "Next": next, "Paged": after != "", "Merges": merges, "Now": faces.Now(), "Problem": problem,
	}})
}

// duplicatesMerge merges the pair: the one to keep stays.
func (s *Server) duplicatesMerge(w http.ResponseWriter, r *http.Request) {
	kept, err1 := strconv.ParseInt(r.PostFormValue("kept"), 10, 64)
	gone, err2 := strconv.ParseInt(r.PostFormValue("gone"), 10, 64)
	if err1 != nil || err2 != nil {
		s.renderError(w, r, faces.Errorf(faces.EINVALID, "Choose whom to keep."))
		return
	}
	m, err := s.store.MergePeople(r.Context(), kept, gone)
	if err != nil {
		s.renderDuplicates(w, r, statusOf(err), faces.ErrorMessage(err))
		return
	}
	done := fmt.Sprintf("%s (#%d) was merged into %s. Undo it below while they are in the trash (%d days).", m.GoneName, m.GoneID, m.KeptName, faces.TrashDays)
	http.Redirect(w, r, "/duplicates?done="+url.QueryEscape(done), http.StatusSeeOther)
}

// duplicatesDifferent records that the pair are different people.
func (s *Server) duplicatesDifferent(w http.ResponseWriter, r *http.Request) {
	a, err1 := strconv.ParseInt(r.PostFormValue("a"), 10, 64)
	b, err2 := strconv.ParseInt(r.PostFormValue("b"), 10, 64)
	if err1 != nil || err2 != nil {
		s.renderError(w, r, faces.Errorf(faces.EINVALID, "Choose the pair."))
		return
	}
	if err := s.store.NotDuplicates(r.Context(), a, b); err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/duplicates?done="+url.QueryEscape("Noted: they are different people."), http.StatusSeeOther)
}

// mergeUndo undoes a merge.
func (s *Server) mergeUndo(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	m, err := s.store.FindMerge(r.Context(), id)
	if err == nil {
		err = s.store.UndoMerge(r.Context(), id)
	}
	if err != nil {
		s.renderDuplicates(w, r, statusOf(err), faces.ErrorMessage(err))
		return
	}
	done := fmt.Sprintf("The merge is undone: %s and %s are two people again.", m.KeptName, m.GoneName)
	http.Redirect(w, r, "/duplicates?done="+url.QueryEscape(done), http.StatusSeeOther)
}
