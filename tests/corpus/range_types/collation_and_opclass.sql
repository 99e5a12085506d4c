-- current
-- desired
CREATE TYPE textrange_c AS RANGE (SUBTYPE = text, COLLATION = "C");
CREATE TYPE textrange_pattern AS RANGE (SUBTYPE = text, SUBTYPE_OPCLASS = text_pattern_ops);
