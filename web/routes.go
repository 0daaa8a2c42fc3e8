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
	mux.Handle("POST /people/{id}/photo", s.editor(s.photoUpload))
	mux.Handle("POST /people/{id}/photo/delete", s.editor(s.photoDelete))
	mux.Handle("GET /photos/{hash}/{size}", s.staff(s.photoServe))
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
	mux.Handle("GET /tokens", s.admin(s.tokensList))
	mux.Handle("POST /tokens", s.admin(s.tokenCreate))
	mux.Handle("POST /tokens/{id}/delete", s.admin(s.tokenDelete))

	// The JSON API: the same rules, for scripts (see openapi.json).
	mux.Handle("GET /api/v1/openapi.json", s.apiStaff(s.apiSpec))
	mux.Handle("GET /api/v1/people", s.apiStaff(s.apiPeople))
	mux.Handle("POST /api/v1/people", s.apiEditor(s.apiPersonCreate))
	mux.Handle("GET /api/v1/people/{id}", s.apiStaff(s.apiPerson))
	mux.Handle("PUT /api/v1/people/{id}", s.apiEditor(s.apiPersonReplace))
	mux.Handle("DELETE /api/v1/people/{id}", s.apiEditor(s.apiPersonDelete))
	mux.Handle("GET /api/v1/people/{id}/positions", s.apiStaff(s.apiPositions))
	mux.Handle("POST /api/v1/people/{id}/moves", s.apiEditor(s.apiMove))
	mux.Handle("GET /api/v1/people/{id}/photo/{size}", s.apiStaff(s.apiPhoto))
	mux.Handle("PUT /api/v1/people/{id}/photo", s.apiEditor(s.apiPhotoUpload))
	mux.Handle("DELETE /api/v1/people/{id}/photo", s.apiEditor(s.apiPhotoDelete))
	mux.Handle("GET /api/v1/people/{id}/story", s.apiStaff(s.apiStory))
	mux.Handle("PUT /api/v1/people/{id}/story", s.apiEditor(s.apiStorySave))
	mux.Handle("GET /api/v1/people/{id}/consents", s.apiStaff(s.apiConsents))
	mux.Handle("POST /api/v1/people/{id}/consents", s.apiEditor(s.apiConsentGrant))
	mux.Handle("POST /api/v1/people/{id}/consents/{cid}/revoke", s.apiEditor(s.apiConsentRevoke))
	mux.Handle("GET /api/v1/companies", s.apiStaff(s.apiCompanies))
	mux.Handle("POST /api/v1/companies", s.apiEditor(s.apiCompanyCreate))
	mux.Handle("GET /api/v1/companies/{id}", s.apiStaff(s.apiCompany))
	mux.Handle("PUT /api/v1/companies/{id}", s.apiEditor(s.apiCompanyReplace))
	mux.Handle("DELETE /api/v1/companies/{id}", s.apiEditor(s.apiCompanyDelete))
	mux.Handle("GET /api/v1/search", s.apiStaff(s.apiSearch))
	mux.Handle("GET /api/v1/audit", s.apiAdmin(s.apiAudit))
	mux.Handle("/api/", s.apiStaff(s.apiNotFound))
}

func (s *Server) health(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Write([]byte("ok\n"))
}
