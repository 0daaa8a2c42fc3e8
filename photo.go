package faces

import "context"

// PhotoService keeps people's portraits in the database — one backup holds
// them and every server behind a load balancer can serve them — as
// renditions addressed by a content hash, so their URLs can be cached
// forever.
type PhotoService interface {
	// SavePhoto sets a person's portrait: renditions by size name, and the
	// content hash that names them.
	SavePhoto(ctx context.Context, personID int64, hash string, renditions map[string][]byte) error
	DeletePhoto(ctx context.Context, personID int64) error
	// PhotoRendition returns one rendition by hash and size name.
	PhotoRendition(ctx context.Context, hash, size string) ([]byte, error)
}
