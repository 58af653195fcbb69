/* seres-password-check: ppolicy's pwdCheckModule for the SERES directory
 * (OpenLDAP 2.5). It refuses the passwords the web app's form refuses
 * (webapp/auth/passwords.py), whoever sends them: fewer than `min` or more
 * than `max` characters, a character SASLprep (RFC 4013) would change or
 * refuse (the directory stores the form every bind sends), the username
 * (the entry's uid) anywhere in it, or one of the common passwords, each
 * compared lowercased. The rules come from the file that `seres directory
 * build` writes (directory/password_rules.py), named by pwdCheckModuleArg.
 *
 * ppolicy loads the module for each check and unloads it after (it keeps
 * nothing), and calls it under a lock: reading the small file each time is
 * simple and needs no state. Any failure refuses the password.
 *
 * Built by `seres directory build` with the system's C compiler:
 *   cc -shared -fPIC -O2 -o seres-password-check.so seres-password-check.c
 */
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* The heads of slapd's own types (servers/slapd/slap.h, lber.h in 2.5):
 * only the entry's normalized DN is read. */
struct berval {
	unsigned long bv_len;
	char *bv_val;
};
typedef struct Entry {
	unsigned long e_id;
	struct berval e_name;
	struct berval e_nname;
} Entry;

int check_password(char *password, char **message, Entry *entry, void *arg);

#define LONGEST 1024 /* bytes in a password or a line of the rules file */

typedef struct {
	unsigned long a, b;
} Range;
typedef struct {
	unsigned long from;
	int n;
	unsigned long to[4];
} Lower;

typedef struct {
	unsigned long min, max;
	Range *allowed;
	int n_allowed;
	Lower *lower;
	int n_lower;
	FILE *common; /* positioned at the first common password */
	int n_common;
} Rules;

static int refuse(char **message, const char *fmt, ...)
{
	va_list ap;
	char *text = malloc(256);
	if (text) {
		va_start(ap, fmt);
		vsnprintf(text, 256, fmt, ap);
		va_end(ap);
		*message = text;
	}
	return 1;
}

static int read_rules(const char *path, Rules *r)
{
	char word[64];
	int version, i;
	FILE *f = fopen(path, "r");
	memset(r, 0, sizeof *r);
	if (!f)
		return 0;
	r->common = f;
	if (fscanf(f, "seres-password-rules %d min %lu max %lu allowed %d", &version,
	           &r->min, &r->max, &r->n_allowed) != 4 || version != 1 ||
	    r->n_allowed <= 0 || r->n_allowed > 100000)
		return 0;
	r->allowed = calloc(r->n_allowed, sizeof *r->allowed);
	if (!r->allowed)
		return 0;
	for (i = 0; i < r->n_allowed; i++)
		if (fscanf(f, "%lx %lx", &r->allowed[i].a, &r->allowed[i].b) != 2)
			return 0;
	if (fscanf(f, "%63s %d", word, &r->n_lower) != 2 || strcmp(word, "lower") ||
	    r->n_lower < 0 || r->n_lower > 100000)
		return 0;
	r->lower = calloc(r->n_lower + 1, sizeof *r->lower);
	if (!r->lower)
		return 0;
	for (i = 0; i < r->n_lower; i++) {
		int j;
		Lower *l = &r->lower[i];
		if (fscanf(f, "%lx %d", &l->from, &l->n) != 2 || l->n < 1 || l->n > 4)
			return 0;
		for (j = 0; j < l->n; j++)
			if (fscanf(f, "%lx", &l->to[j]) != 1)
				return 0;
	}
	if (fscanf(f, "%63s %d", word, &r->n_common) != 2 || strcmp(word, "common") ||
	    fgetc(f) != '\n')
		return 0;
	return 1;
}

static void free_rules(Rules *r)
{
	free(r->allowed);
	free(r->lower);
	if (r->common)
		fclose(r->common);
}

/* Decode strict UTF-8 into code points; -1 if it is not UTF-8. */
static long decode(const unsigned char *s, unsigned long *out, long room)
{
	long n = 0;
	while (*s) {
		unsigned long c;
		int more, i;
		if (*s < 0x80) {
			c = *s;
			more = 0;
		} else if ((*s & 0xE0) == 0xC0) {
			c = *s & 0x1F;
			more = 1;
		} else if ((*s & 0xF0) == 0xE0) {
			c = *s & 0x0F;
			more = 2;
		} else if ((*s & 0xF8) == 0xF0) {
			c = *s & 0x07;
			more = 3;
		} else
			return -1;
		s++;
		for (i = 0; i < more; i++, s++) {
			if ((*s & 0xC0) != 0x80)
				return -1;
			c = (c << 6) | (*s & 0x3F);
		}
		if ((more == 1 && c < 0x80) || (more == 2 && c < 0x800) ||
		    (more == 3 && c < 0x10000) || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF))
			return -1;
		if (n >= room)
			return -1;
		out[n++] = c;
	}
	return n;
}

static int encode(unsigned long c, char *out)
{
	if (c < 0x80) {
		out[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		out[0] = (char)(0xC0 | (c >> 6));
		out[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		out[0] = (char)(0xE0 | (c >> 12));
		out[1] = (char)(0x80 | ((c >> 6) & 0x3F));
		out[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (c >> 18));
	out[1] = (char)(0x80 | ((c >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((c >> 6) & 0x3F));
	out[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

static int allowed(const Rules *r, unsigned long c)
{
	int lo = 0, hi = r->n_allowed - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		if (c < r->allowed[mid].a)
			hi = mid - 1;
		else if (c > r->allowed[mid].b)
			lo = mid + 1;
		else
			return 1;
	}
	return 0;
}

static const Lower *lowered(const Rules *r, unsigned long c)
{
	int lo = 0, hi = r->n_lower - 1;
	while (lo <= hi) {
		int mid = (lo + hi) / 2;
		if (c < r->lower[mid].from)
			hi = mid - 1;
		else if (c > r->lower[mid].from)
			lo = mid + 1;
		else
			return &r->lower[mid];
	}
	return NULL;
}

/* The username: the value of the entry's first RDN if it is uid=... */
static void username(const Entry *entry, char *out, size_t room)
{
	const char *dn = entry ? entry->e_nname.bv_val : NULL;
	size_t i = 0;
	out[0] = '\0';
	if (!dn || strncmp(dn, "uid=", 4) != 0)
		return;
	for (dn += 4; *dn && *dn != ',' && i + 1 < room; dn++)
		out[i++] = *dn;
	out[i] = '\0';
}

int check_password(char *password, char **message, Entry *entry, void *arg)
{
	struct berval *path_value = arg;
	char path[4096], folded[4 * 4 * LONGEST + 1], user[256], line[LONGEST + 2];
	unsigned long codes[LONGEST];
	size_t length = 0;
	long n, i;
	int k, found = 0;
	Rules r;

	if (!path_value || !path_value->bv_val || path_value->bv_len >= sizeof path)
		return refuse(message, "seres-password-check: no rules file (pwdCheckModuleArg)");
	memcpy(path, path_value->bv_val, path_value->bv_len);
	path[path_value->bv_len] = '\0';
	if (!read_rules(path, &r)) {
		free_rules(&r);
		return refuse(message, "seres-password-check: cannot read %s", path);
	}
	n = decode((const unsigned char *)password, codes, LONGEST);
	if (n < 0) {
		free_rules(&r);
		return refuse(message, "The password is not UTF-8 text");
	}
	for (i = 0; i < n; i++)
		if (!allowed(&r, codes[i])) {
			free_rules(&r);
			return refuse(message, "The password contains characters that cannot be used");
		}
	if ((unsigned long)n < r.min || (unsigned long)n > r.max) {
		unsigned long min = r.min, max = r.max;
		free_rules(&r);
		return refuse(message, "Use between %lu and %lu characters", min, max);
	}
	for (i = 0; i < n; i++) {
		const Lower *l = lowered(&r, codes[i]);
		if (!l)
			length += encode(codes[i], folded + length);
		else
			for (k = 0; k < l->n; k++)
				length += encode(l->to[k], folded + length);
	}
	folded[length] = '\0';
	username(entry, user, sizeof user);
	if (user[0] && strstr(folded, user)) {
		free_rules(&r);
		return refuse(message, "The password must not contain the username");
	}
	for (i = 0; i < r.n_common && fgets(line, sizeof line, r.common); i++) {
		line[strcspn(line, "\n")] = '\0';
		if (strcmp(line, folded) == 0) {
			found = 1;
			break;
		}
	}
	free_rules(&r);
	if (found)
		return refuse(message, "This password is one of the most common ones");
	return 0;
}
