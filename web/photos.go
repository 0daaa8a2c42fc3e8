package web

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"

	"github.com/faces-org/faces"
	"github.com/faces-org/faces/photo"
)

// uploadSlack is what a multipart form may add around the photo itself.
const uploadSlack = 64 << 10

// photoUpload takes a portrait from a form and streams it into the
// photo pipeline, which refuses anything too big, not an image or a
// decompression bomb before decoding it.
func (s *Server) photoUpload(w http.ResponseWriter, r *http.Request) {
	p, ok := s.findPerson(w, r)
	if !ok {
		return
	}
	r.Body = http.MaxBytesReader(w, r.Body, photo.MaxBytes+uploadSlack)
	part, err := photoPart(r)
	if err == nil {
		err = s.savePhoto(r, p.ID, part)
	}
	if err != nil {
		switch faces.ErrorCode(err) {
		case faces.EINVALID, faces.ETOOLARGE, faces.EUNAVAILABLE:
			if statusOf(err) == http.StatusServiceUnavailable {
				w.Header().Set("Retry-After", retryAfter)
			}
			s.renderPerson(w, r, statusOf(err), p, faces.ErrorMessage(err))
		default:
			s.renderError(w, r, err)
		}
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/people/%d?done=photo", p.ID), http.StatusSeeOther)
}

// photoPart finds the "photo" file in a multipart form without buffering
// the form to disk.
func photoPart(r *http.Request) (io.Reader, error) {
	mr, err := r.MultipartReader()
	if err != nil {
		return nil, faces.Errorf(faces.EINVALID, "Choose a photo to upload.")
	}
	for {
		part, err := mr.NextPart()
		if err == io.EOF {
			return nil, faces.Errorf(faces.EINVALID, "Choose a photo to upload.")
		}
		if err != nil {
			return nil, uploadError(err)
		}
		if part.FormName() == "photo" {
			return part, nil
		}
	}
}

// savePhoto processes an upload and stores it as the person's portrait,
// all within the upload timeout: an upload that takes longer is refused
// and leaves nothing saved (the transaction of a context that has ended
// does not commit).
func (s *Server) savePhoto(r *http.Request, personID int64, body io.Reader) error {
	return s.processUpload(r, body, func(ctx context.Context, hash string, renditions map[string][]byte) error {
		return s.store.SavePhoto(ctx, personID, hash, renditions)
	})
}

// processUpload runs an upload through the photo pipeline and stores it,
// all within the upload timeout.
func (s *Server) processUpload(r *http.Request, body io.Reader, store func(ctx context.Context, hash string, renditions map[string][]byte) error) error {
	ctx, cancel := context.WithTimeout(r.Context(), s.uploadTimeout)
	defer cancel()
	processed, err := s.photos.Process(ctx, body)
	if err == nil {
		err = ctx.Err()
	}
	if err == nil {
		err = store(ctx, processed.Hash, processed.Renditions)
	}
	if err != nil && ctx.Err() != nil {
		return faces.Errorf(faces.EUNAVAILABLE, "The photo took too long to process and was not saved; please try a smaller one.")
	}
	return uploadError(err)
}

// uploadError turns what went wrong with an upload into a message.
func uploadError(err error) error {
	var tooBig *http.MaxBytesError
	switch {
	case errors.As(err, &tooBig), errors.Is(err, photo.ErrTooBig):
		return faces.Errorf(faces.ETOOLARGE, "The photo is larger than %d MB; please send a smaller one.", photo.MaxBytes>>20)
	case errors.Is(err, photo.ErrBusy):
		return faces.Errorf(faces.EUNAVAILABLE, "Photo not saved: %s; please try again in a few seconds.", err)
	case errors.Is(err, photo.ErrNotImage), errors.Is(err, photo.ErrTooManyPix), errors.Is(err, photo.ErrCorrupt),
		errors.Is(err, photo.ErrEmptyUpload), errors.Is(err, photo.ErrShape):
		return faces.Errorf(faces.EINVALID, "Photo not saved: %s.", err)
	case errors.Is(err, multipart.ErrMessageTooLarge):
		return faces.Errorf(faces.ETOOLARGE, "The form is too large.")
	}
	return err
}

func (s *Server) photoDelete(w http.ResponseWriter, r *http.Request) {
	p, ok := s.findPerson(w, r)
	if !ok {
		return
	}
	if err := s.store.DeletePhoto(r.Context(), p.ID); err != nil {
		s.renderError(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/people/%d?done=saved", p.ID), http.StatusSeeOther)
}

// photoServe serves a rendition. Its URL names its content, so it may be
// cached for a year, but only privately: it is a person's picture.
func (s *Server) photoServe(w http.ResponseWriter, r *http.Request) {
	size := r.PathValue("size")
	known := false
	for _, sz := range photo.Sizes {
		known = known || sz.Name+".jpg" == size
	}
	if !known {
		http.NotFound(w, r)
		return
	}
	b, err := s.store.PhotoRendition(r.Context(), r.PathValue("hash"), size[:len(size)-len(".jpg")])
	if err != nil {
		if faces.ErrorCode(err) == faces.ENOTFOUND {
			http.NotFound(w, r)
			return
		}
		s.renderError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/jpeg")
	w.Header().Set("Cache-Control", "private, max-age=31536000, immutable")
	w.Write(b)
}

func (s *Server) apiPhoto(w http.ResponseWriter, r *http.Request) {
	id, err := apiID(r, "id")
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	p, err := s.store.FindPersonByID(r.Context(), id)
	if err == nil && p.PhotoHash == "" {
		err = faces.Errorf(faces.ENOTFOUND, "%s has no photo.", p.Name)
	}
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	b, err := s.store.PhotoRendition(r.Context(), p.PhotoHash, r.PathValue("size"))
	if err != nil {
		s.apiError(w, r, err)
		return
	}
	w.Header().Set("Content-Type", "image/jpeg")
	w.Header().Set("ETag", `"`+p.PhotoHash+`"`)
	w.Write(b)
}

// apiPhotoUpload takes the image as the request body.
func (s *Server) apiPhotoUpload(w http.ResponseWriter, r *http.Request) (int, any, error) {
	id, err := apiID(r, "id")
	if err != nil {
		return 0, nil, err
	}
	if _, err := s.store.FindPersonByID(r.Context(), id); err != nil {
		return 0, nil, err
	}
	r.Body = http.MaxBytesReader(w, r.Body, photo.MaxBytes+1)
	if err := s.savePhoto(r, id, r.Body); err != nil {
		return 0, nil, err
	}
	p, err := s.store.FindPersonByID(r.Context(), id)
	if err != nil {
		return 0, nil, err
	}
	return http.StatusOK, toAPIPerson(p), nil
}
