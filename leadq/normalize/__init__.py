"""Per-field normalizers: phone, e-mail, company, person."""
