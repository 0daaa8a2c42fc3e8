package web

import (
	"fmt"
	"net/http"
	"time"

	"github.com/faces-org/faces"
)

// confirmation is what the confirm page asks before a deletion or an
// erasure: deleting is deliberate, and a form posted by mistake (or by a
// double click) does not do it.
type confirmation struct {
	Lines          []string
	Action, Button string
	Cancel         string
	Danger         bool
}

func (s *Server) personDeleteForm(w http.ResponseWriter, r *http.Request) {
	p, ok := s.findPerson(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "confirm", page{Title: "Delete " + p.Name + "?", Data: confirmation{
		Lines: []string{
			fmt.Sprintf("%s goes to the trash with their role history, story, consent, photo, relationships and buying roles.", p.Name),
			fmt.Sprintf("An editor can restore them from the trash for %d days; then they are erased for good.", faces.TrashDays),
		},
		Action: fmt.Sprintf("/people/%d/delete", p.ID), Button: "Move to the trash", Cancel: fmt.Sprintf("/people/%d", p.ID), Danger: true,
	}})
}

func (s *Server) personDelete(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r)
	if err == nil {
		err = s.store.DeletePerson(r.Context(), id)
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/trash?done=deleted", http.StatusSeeOther)
}

// personEraseForm asks before forgetting a person, live or in the trash.
func (s *Server) personEraseForm(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	// A live person, or one in the trash.
	name, cancel := "", fmt.Sprintf("/people/%d", id)
	if p, err := s.store.FindPersonByID(r.Context(), id); err == nil {
		name = p.Name
	} else if item, err := s.store.FindTrashItem(r.Context(), "person", id); err == nil {
		name, cancel = item.Name, "/trash"
	} else {
		if faces.ErrorCode(err) == faces.ENOTFOUND {
			err = faces.Errorf(faces.ENOTFOUND, "Person not found.")
		}
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "confirm", page{Title: "Erase " + name + " now?", Data: confirmation{
		Lines: []string{
			fmt.Sprintf("Everything Faces holds about %s goes at once, with no trash to restore from: their record, history, story, consent, photo and links.", name),
			"The audit trail keeps who changed what and when, but no longer the values. Use this when someone asks to be forgotten.",
		},
		Action: fmt.Sprintf("/people/%d/erase", id), Button: "Erase for good", Cancel: cancel, Danger: true,
	}})
}

func (s *Server) personErase(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r)
	if err == nil {
		err = s.store.ErasePerson(r.Context(), id)
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/trash?done=erased", http.StatusSeeOther)
}

func (s *Server) companyDeleteForm(w http.ResponseWriter, r *http.Request) {
	c, ok := s.findCompany(w, r)
	if !ok {
		return
	}
	s.render(w, r, http.StatusOK, "confirm", page{Title: "Delete " + c.Name + "?", Data: confirmation{
		Lines: []string{
			fmt.Sprintf("%s goes to the trash with its buying roles. A company in anyone's role history cannot be deleted.", c.Name),
			fmt.Sprintf("An editor can restore it from the trash for %d days.", faces.TrashDays),
		},
		Action: fmt.Sprintf("/companies/%d/delete", c.ID), Button: "Move to the trash", Cancel: fmt.Sprintf("/companies/%d", c.ID), Danger: true,
	}})
}

func (s *Server) companyDelete(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r)
	if err == nil {
		err = s.store.DeleteCompany(r.Context(), id)
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, "/trash?done=deleted", http.StatusSeeOther)
}

var trashFlashes = map[string]string{"deleted": "Moved to the trash.", "erased": "Erased for good.", "restored": "Restored."}

func (s *Server) trashList(w http.ResponseWriter, r *http.Request) {
	items, err := s.store.Trash(r.Context(), 500)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	names, err := s.staffNames(r)
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "trash", page{Title: "Trash", Flash: trashFlashes[r.URL.Query().Get("done")],
		Data: map[string]any{"Items": items, "Names": names, "Days": faces.TrashDays}})
}

// staffNames maps staff ids to names, 0 to "system".
func (s *Server) staffNames(r *http.Request) (map[int64]string, error) {
	users, err := s.store.FindUsers(r.Context())
	if err != nil {
		return nil, err
	}
	names := map[int64]string{0: "system"}
	for _, u := range users {
		names[u.ID] = u.Name
	}
	return names, nil
}

func (s *Server) trashRestore(w http.ResponseWriter, r *http.Request) {
	id, err := idParam(r)
	var item *faces.TrashItem
	if err == nil {
		item, err = s.store.RestoreFromTrash(r.Context(), id)
	}
	if err != nil {
		s.renderError(w, r, err)
		return
	}
	if item.Entity == "company" {
		http.Redirect(w, r, fmt.Sprintf("/companies/%d?done=restored", item.EntityID), http.StatusSeeOther)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/people/%d?done=restored", item.EntityID), http.StatusSeeOther)
}

// The API: deleting moves to the trash (DELETE), erasing is its own
// admin-only action.

type apiTrashItem struct {
	ID        int64  `json:"id"`
	Entity    string `json:"entity"`
	EntityID  int64  `json:"entity_id"`
	Name      string `json:"name"`
	DeletedBy int64  `json:"deleted_by"`
	DeletedAt string `json:"deleted_at"`
	ErasesAt  string `json:"erases_at"`
}

func toAPITrashItem(t *faces.TrashItem) apiTrashItem {
	return apiTrashItem{t.ID, t.Entity, t.EntityID, t.Name, t.DeletedBy, t.DeletedAt.Format(time.RFC3339), t.ErasesAt().Format(time.RFC3339)}
}

func (s *Server) apiTrash(w http.ResponseWriter, r *http.Request) (int, any, error) {
	items, err := s.store.Trash(r.Context(), 500)
	if err != nil {
		return 0, nil, err
	}
	out := []apiTrashItem{}
	for _, t := range items {
		out = append(out, toAPITrashItem(t))
	}
	return http.StatusOK, out, nil
}

func (s *Server) apiTrashRestore(w http.ResponseWriter, r *http.Request) (int, any, error) {
	id, err := apiID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	item, err := s.store.RestoreFromTrash(r.Context(), id)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, toAPITrashItem(item), nil
}
