package web

import "net/http"

// routes lists every page, with who may reach it: everyone (sign-in and
// health only), any signed-in staff member, editors, or admins.
func (s *Server) routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /healthz", s.health)
	mux.HandleFunc("GET /static/{file}", s.static)
	mux.HandleFunc("GET /signin", s.signinForm)
	mux.HandleFunc("POST /signin", s.signin)
	mux.Handle("POST /signout", s.staff(s.signout))

	mux.Handle("GET /{$}", s.staff(s.home))
	mux.Handle("GET /search", s.staff(s.search))
	mux.Handle("GET /people", s.staff(s.peopleList))
	mux.Handle("GET /people/new", s.editor(s.personNew))
	mux.Handle("POST /people", s.editor(s.personCreate))
	mux.Handle("GET /people/{id}", s.staff(s.personShow))
	mux.Handle("GET /people/{id}/edit", s.editor(s.personEdit))
	mux.Handle("POST /people/{id}", s.editor(s.personUpdate))
	mux.Handle("POST /people/{id}/delete", s.editor(s.personDelete))
	mux.Handle("GET /people/{id}/move", s.editor(s.personMoveForm))
	mux.Handle("POST /people/{id}/move", s.editor(s.personMove))
	mux.Handle("GET /people/{id}/story", s.editor(s.storyForm))
	mux.Handle("POST /people/{id}/story", s.editor(s.storySave))
	mux.Handle("POST /people/{id}/consents", s.editor(s.consentGrant))
	mux.Handle("POST /people/{id}/consents/{cid}/revoke", s.editor(s.consentRevoke))

	mux.Handle("GET /companies", s.staff(s.companiesList))
	mux.Handle("GET /companies/new", s.editor(s.companyNew))
	mux.Handle("POST /companies", s.editor(s.companyCreate))
	mux.Handle("GET /companies/{id}", s.staff(s.companyShow))
	mux.Handle("GET /companies/{id}/edit", s.editor(s.companyEdit))
	mux.Handle("POST /companies/{id}", s.editor(s.companyUpdate))
	mux.Handle("POST /companies/{id}/delete", s.editor(s.companyDelete))

	mux.Handle("GET /audit", s.admin(s.auditList))
}

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}
