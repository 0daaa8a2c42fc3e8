package web

import (
	_ "embed"
	"net/http"

	"github.com/faces-org/faces"
)

//go:embed openapi.json
var openAPI []byte

func (s *Server) apiSpec(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Write(openAPI)
}

func (s *Server) apiNotFound(w http.ResponseWriter, r *http.Request) {
	s.apiError(w, r, faces.Errorf(faces.ENOTFOUND, "No such API endpoint: %s %s.", r.Method, r.URL.Path))
}
