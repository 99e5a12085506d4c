-- current
-- desired
CREATE EXTENSION btree_gist; CREATE TABLE room_booking (room int, during tstzrange, EXCLUDE USING gist (room WITH =, during WITH &&));
