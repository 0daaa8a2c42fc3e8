package web

import (
	"net/http"
	"strings"

	"github.com/faces-org/faces"
)

// routes lists every page, with who may reach it: everyone (sign-in and
// health only), any signed-in staff member, editors, or admins.
func (s *Server) routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /healthz", s.health)
	mux.HandleFunc("GET /readyz", s.ready)
	mux.HandleFunc("GET /metrics", s.metricsEndpoint)
	mux.HandleFunc("GET /static/{file}", s.static)
	mux.HandleFunc("GET /signin", s.signinForm)
	mux.HandleFunc("POST /signin", s.signin)
	mux.Handle("POST /signout", s.staff(s.signout))

	// Screens: the display page and pairing are open (they hold nothing
	// personal); the manifest and its photos need the screen's token.
	mux.Handle("GET /screen", http.RedirectHandler("/screen/", http.StatusMovedPermanently))
	mux.HandleFunc("GET /screen/{$}", s.screenPage)
	mux.HandleFunc("GET /screen/worker.js", s.screenWorker)
	mux.HandleFunc("POST /screen/pair", s.pairStart)
	mux.HandleFunc("POST /screen/pair/claim", s.pairClaim)
	mux.HandleFunc("POST /screen/token", s.screenAdopt)
	mux.HandleFunc("GET /screen/manifest", s.screenManifest)
	mux.HandleFunc("GET /screen/photos/{hash}/{size}", s.screenPhoto)

	mux.Handle("GET /{$}", s.staff(s.home))
	mux.Handle("GET /me", s.staff(s.me))
	mux.Handle("POST /me/password", s.staff(s.mePassword))
	mux.Handle("GET /search", s.staff(s.search))
	mux.Handle("GET /changes", s.staff(s.changesList))
	mux.Handle("GET /people", s.staff(s.peopleList))
	mux.Handle("GET /people/new", s.editor(s.personNew))
	mux.Handle("POST /people", s.editor(s.personCreate))
	mux.Handle("GET /people/{id}", s.staff(s.personShow))
	mux.Handle("GET /people/{id}/vcard", s.staff(s.personVCard))
	mux.Handle("GET /people/{id}/edit", s.editor(s.personEdit))
	mux.Handle("POST /people/{id}", s.editor(s.personUpdate))
	mux.Handle("GET /people/{id}/delete", s.editor(s.personDeleteForm))
	mux.Handle("POST /people/{id}/delete", s.editor(s.personDelete))
	mux.Handle("GET /people/{id}/erase", s.admin(s.personEraseForm))
	mux.Handle("POST /people/{id}/erase", s.admin(s.personErase))
	mux.Handle("GET /people/{id}/move", s.editor(s.personMoveForm))
	mux.Handle("POST /people/{id}/move", s.editor(s.personMove))
	mux.Handle("GET /people/{id}/positions/{pid}/edit", s.editor(s.positionEdit))
	mux.Handle("POST /people/{id}/positions/{pid}", s.editor(s.positionUpdate))
	mux.Handle("GET /people/{id}/positions/{pid}/delete", s.editor(s.positionDeleteForm))
	mux.Handle("POST /people/{id}/positions/{pid}/delete", s.editor(s.positionDelete))
	mux.Handle("POST /people/{id}/planned-moves/{mid}/cancel", s.editor(s.plannedMoveCancel))
	mux.Handle("POST /people/{id}/photo", s.editor(s.photoUpload))
	mux.Handle("POST /people/{id}/photo/delete", s.editor(s.photoDelete))
	mux.Handle("GET /photos/{hash}/{size}", s.staff(s.photoServe))
	mux.Handle("POST /people/{id}/relationships", s.editor(s.relationshipAdd))
	mux.Handle("POST /people/{id}/relationships/{rid}/delete", s.editor(s.relationshipDelete))
	mux.Handle("POST /people/{id}/buying-roles", s.editor(s.buyingRoleAdd))
	mux.Handle("POST /people/{id}/buying-roles/{bid}/delete", s.editor(s.buyingRoleDelete))
	mux.Handle("GET /people/{id}/story", s.editor(s.storyForm))
	mux.Handle("POST /people/{id}/story", s.editor(s.storySave))
	mux.Handle("POST /people/{id}/consents", s.editor(s.consentGrant))
	mux.Handle("POST /people/{id}/consents/{cid}/revoke", s.editor(s.consentRevoke))

	mux.Handle("POST /people/{id}/wall", s.editor(s.personPin))
	mux.Handle("GET /wall", s.staff(s.wallPage))
	mux.Handle("GET /wall/print", s.staff(s.wallPrint))
	mux.Handle("POST /wall/lock", s.editor(s.wallLock))
	mux.Handle("POST /wall/unlock", s.editor(s.wallUnlock))
	mux.Handle("POST /wall/settings", s.admin(s.wallSettingsSave))

	mux.Handle("GET /visits", s.staff(s.visitsList))
	mux.Handle("GET /visits/new", s.staff(s.visitNew))
	mux.Handle("POST /visits", s.staff(s.visitCreate))
	mux.Handle("GET /visits/{id}", s.staff(s.visitShow))
	mux.Handle("GET /visits/{id}/edit", s.staff(s.visitEdit))
	mux.Handle("POST /visits/{id}", s.staff(s.visitUpdate))
	mux.Handle("POST /visits/{id}/delete", s.staff(s.visitDelete))
	mux.Handle("POST /visits/{id}/photos", s.staff(s.visitPhotoUpload))
	mux.Handle("POST /visits/{id}/photos/{hash}/delete", s.staff(s.visitPhotoDelete))
	mux.Handle("GET /dashboard/visits", s.staff(s.visitDashboard))
	mux.Handle("GET /visits/{id}/guide", s.staff(s.visitGuide))
	mux.Handle("POST /visits/{id}/answers", s.staff(s.visitAnswers))
	mux.Handle("GET /guides", s.staff(s.guidesList))
	mux.Handle("POST /guides", s.staff(s.guideCreate))
	mux.Handle("POST /insights", s.staff(s.insightCreate))
	mux.Handle("POST /insights/{id}/theme", s.staff(s.insightTheme))
	mux.Handle("POST /people/{id}/follow", s.staff(s.personFollow))
	mux.Handle("GET /notifications", s.staff(s.notificationsList))
	mux.Handle("POST /notifications/read", s.staff(s.notificationsRead))
	mux.Handle("GET /wishes", s.staff(s.wishesList))
	mux.Handle("POST /wishes/{id}/done", s.staff(s.wishMark))
	mux.Handle("GET /themes", s.staff(s.themesList))
	mux.Handle("POST /themes", s.staff(s.themeCreate))
	mux.Handle("GET /themes/{id}", s.staff(s.themeShow))

	mux.Handle("GET /companies", s.staff(s.companiesList))
	mux.Handle("GET /companies/new", s.editor(s.companyNew))
	mux.Handle("POST /companies", s.editor(s.companyCreate))
	mux.Handle("GET /companies/{id}", s.staff(s.companyShow))
	mux.Handle("GET /companies/{id}/edit", s.editor(s.companyEdit))
	mux.Handle("POST /companies/{id}", s.editor(s.companyUpdate))
	mux.Handle("GET /companies/{id}/delete", s.editor(s.companyDeleteForm))
	mux.Handle("POST /companies/{id}/delete", s.editor(s.companyDelete))
	mux.Handle("GET /trash", s.editor(s.trashList))
	mux.Handle("GET /imports/new", s.editor(s.importNew))
	mux.Handle("POST /imports", s.editor(s.importUpload))
	mux.Handle("GET /imports/{id}", s.editor(s.importShow))
	mux.Handle("POST /imports/{id}/run", s.editor(s.importRun))
	mux.Handle("POST /imports/{id}/cancel", s.editor(s.importCancel))
	mux.Handle("POST /trash/{id}/restore", s.editor(s.trashRestore))

	mux.Handle("GET /audit", s.admin(s.auditList))
	mux.Handle("GET /accounts", s.admin(s.accountsList))
	mux.Handle("POST /accounts", s.admin(s.accountCreate))
	mux.Handle("GET /accounts/{id}/edit", s.admin(s.accountEdit))
	mux.Handle("POST /accounts/{id}", s.admin(s.accountUpdate))
	mux.Handle("GET /screens", s.admin(s.screensList))
	mux.Handle("POST /screens", s.admin(s.screenCreate))
	mux.Handle("GET /screens/{id}", s.admin(s.screenShow))
	mux.Handle("POST /screens/{id}", s.admin(s.screenUpdate))
	mux.Handle("POST /screens/{id}/pair", s.admin(s.screenPair))
	mux.Handle("POST /screens/{id}/revoke", s.admin(s.screenRevoke))
	mux.Handle("POST /screens/{id}/delete", s.admin(s.screenDelete))
	mux.Handle("GET /tokens", s.admin(s.tokensList))
	mux.Handle("POST /tokens", s.admin(s.tokenCreate))
	mux.Handle("POST /tokens/{id}/delete", s.admin(s.tokenDelete))

	// The JSON API: the same rules, for scripts (see openapi.json).
	mux.Handle("GET /api/v1/openapi.json", s.apiStaff(s.apiSpec))
	mux.Handle("GET /api/v1/people", s.apiStaff(s.api(s.apiPeople)))
	mux.Handle("POST /api/v1/people", s.apiEditor(s.api(s.apiPersonCreate)))
	mux.Handle("GET /api/v1/people/{id}", s.apiStaff(s.api(s.apiPerson)))
	mux.Handle("PUT /api/v1/people/{id}", s.apiEditor(s.api(s.apiPersonReplace)))
	mux.Handle("DELETE /api/v1/people/{id}", s.apiEditor(s.api(s.apiDelete("id", s.store.DeletePerson))))
	mux.Handle("POST /api/v1/people/{id}/erase", s.apiAdmin(s.api(s.apiDelete("id", s.store.ErasePerson))))
	mux.Handle("GET /api/v1/trash", s.apiEditor(s.api(s.apiTrash)))
	mux.Handle("POST /api/v1/trash/{id}/restore", s.apiEditor(s.api(s.apiTrashRestore)))
	mux.Handle("GET /api/v1/people/{id}/positions", s.apiStaff(s.api(s.apiPositions)))
	mux.Handle("POST /api/v1/people/{id}/moves", s.apiEditor(s.api(s.apiMove)))
	mux.Handle("PUT /api/v1/people/{id}/positions/{pid}", s.apiEditor(s.api(s.apiPositionUpdate)))
	mux.Handle("DELETE /api/v1/people/{id}/positions/{pid}", s.apiEditor(s.api(s.apiPositionDelete)))
	mux.Handle("GET /api/v1/people/{id}/planned-moves", s.apiStaff(s.api(s.apiPlannedMoves)))
	mux.Handle("DELETE /api/v1/people/{id}/planned-moves/{mid}", s.apiEditor(s.api(s.apiPlannedMoveCancel)))
	mux.Handle("GET /api/v1/people/{id}/photo/{size}", s.apiStaff(s.apiPhoto))
	mux.Handle("PUT /api/v1/people/{id}/photo", s.apiEditor(s.api(s.apiPhotoUpload)))
	mux.Handle("DELETE /api/v1/people/{id}/photo", s.apiEditor(s.api(s.apiDelete("id", s.store.DeletePhoto))))
	mux.Handle("GET /api/v1/people/{id}/story", s.apiStaff(s.api(s.apiStory)))
	mux.Handle("PUT /api/v1/people/{id}/story", s.apiEditor(s.api(s.apiStorySave)))
	mux.Handle("GET /api/v1/people/{id}/consents", s.apiStaff(s.api(s.apiConsents)))
	mux.Handle("POST /api/v1/people/{id}/consents", s.apiEditor(s.api(s.apiConsentGrant)))
	mux.Handle("POST /api/v1/people/{id}/consents/{cid}/revoke", s.apiEditor(s.api(s.apiConsentRevoke)))
	mux.Handle("GET /api/v1/people/{id}/relationships", s.apiStaff(s.api(s.apiRelationships)))
	mux.Handle("POST /api/v1/people/{id}/relationships", s.apiEditor(s.api(s.apiRelationshipAdd)))
	mux.Handle("DELETE /api/v1/relationships/{rid}", s.apiEditor(s.api(s.apiDelete("rid", s.store.DeleteRelationship))))
	mux.Handle("GET /api/v1/people/{id}/buying-roles", s.apiStaff(s.api(s.apiBuyingRoles(s.store.BuyingRolesOf))))
	mux.Handle("POST /api/v1/people/{id}/buying-roles", s.apiEditor(s.api(s.apiBuyingRoleAdd)))
	mux.Handle("DELETE /api/v1/buying-roles/{bid}", s.apiEditor(s.api(s.apiDelete("bid", s.store.DeleteBuyingRole))))
	mux.Handle("GET /api/v1/companies/{id}/buying-roles", s.apiStaff(s.api(s.apiBuyingRoles(s.store.BuyingRolesAt))))
	mux.Handle("GET /api/v1/companies", s.apiStaff(s.api(s.apiCompanies)))
	mux.Handle("POST /api/v1/companies", s.apiEditor(s.api(s.apiCompanyCreate)))
	mux.Handle("GET /api/v1/companies/{id}", s.apiStaff(s.api(s.apiCompany)))
	mux.Handle("PUT /api/v1/companies/{id}", s.apiEditor(s.api(s.apiCompanyReplace)))
	mux.Handle("DELETE /api/v1/companies/{id}", s.apiEditor(s.api(s.apiDelete("id", s.store.DeleteCompany))))
	mux.Handle("GET /api/v1/search", s.apiStaff(s.api(s.apiSearch)))
	mux.Handle("GET /api/v1/changes", s.apiStaff(s.api(s.apiChanges)))
	mux.Handle("GET /api/v1/me", s.apiStaff(s.api(s.apiMe)))
	mux.Handle("GET /api/v1/visits", s.apiStaff(s.api(s.apiVisits)))
	mux.Handle("POST /api/v1/visits", s.apiStaff(s.api(s.apiVisitCreate)))
	mux.Handle("GET /api/v1/visits/{id}", s.apiStaff(s.api(s.apiVisit)))
	mux.Handle("GET /api/v1/dashboard/visits", s.apiStaff(s.api(s.apiVisitDashboard)))
	mux.Handle("POST /api/v1/insights", s.apiStaff(s.api(s.apiInsightCreate)))
	mux.Handle("GET /api/v1/insights", s.apiStaff(s.api(s.apiInsights)))
	mux.Handle("POST /api/v1/themes", s.apiStaff(s.api(s.apiThemeCreate)))
	mux.Handle("GET /api/v1/themes", s.apiStaff(s.api(s.apiThemes)))
	mux.Handle("GET /api/v1/themes/{id}", s.apiStaff(s.api(s.apiTheme)))
	mux.Handle("GET /api/v1/audit", s.apiAdmin(s.api(s.apiAudit)))
	mux.Handle("GET /api/v1/users", s.apiAdmin(s.api(s.apiUsers)))
	mux.Handle("POST /api/v1/users", s.apiAdmin(s.api(s.apiUserCreate)))
	mux.Handle("PUT /api/v1/users/{id}", s.apiAdmin(s.api(s.apiUserUpdate)))
	mux.Handle("/api/", s.apiStaff(s.unmatched(mux, true)))
	mux.Handle("/", s.unmatched(mux, false))
}

// unmatched answers what no route takes: 405 with the methods the path
// does allow, or 404 — as a page, or under /api/ as a problem document.
func (s *Server) unmatched(mux *http.ServeMux, api bool) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		var allowed []string
		for _, m := range []string{"GET", "POST", "PUT", "DELETE"} {
			probe := r.Clone(r.Context())
			probe.Method = m
			if _, pattern := mux.Handler(probe); pattern != "/" && pattern != "/api/" {
				allowed = append(allowed, m)
			}
		}
		err := faces.Errorf(faces.ENOTFOUND, "There is no page at %s.", r.URL.Path)
		if api {
			err = faces.Errorf(faces.ENOTFOUND, "No such API endpoint: %s %s.", r.Method, r.URL.Path)
		}
		if len(allowed) > 0 {
			w.Header().Set("Allow", strings.Join(allowed, ", "))
			err = faces.Errorf(faces.EMETHOD, "%s cannot be used here; %s can.", r.Method, strings.Join(allowed, " or "))
		}
		if api {
			s.apiError(w, r, err)
			return
		}
		s.renderError(w, r, err)
	}
}
