#ifndef DATELINE_CVIPS_SHIM_H
#define DATELINE_CVIPS_SHIM_H
// libvips' operations take their optional arguments as a NULL-terminated variadic list, which
// Swift cannot call. Each wrapper below fixes the options Dateline uses, so the Swift side only
// ever calls plain C functions. Written against libvips 8.14 (Debian bookworm): savers take
// `strip`, not the later `keep`.
#include <vips/vips.h>

// VIPS_INIT is a macro (it checks the library's ABI against these headers); 0 on success.
static inline int dl_vips_init(const char *argv0) {
    return VIPS_INIT(argv0);
}

// Blocks every loader, then lets through only the formats Dateline accepts: nothing else
// (ImageMagick, SVG, PDF, TIFF, matrix files…) can ever be reached through a buffer, whatever
// the bytes claim to be.
static inline void dl_vips_allow_only_accepted_loaders(void) {
    vips_block_untrusted_set(TRUE);
    vips_operation_block_set("VipsForeignLoad", TRUE);
    vips_operation_block_set("VipsForeignLoadJpeg", FALSE);
    vips_operation_block_set("VipsForeignLoadPng", FALSE);
    vips_operation_block_set("VipsForeignLoadWebp", FALSE);
    vips_operation_block_set("VipsForeignLoadHeif", FALSE);
    vips_operation_block_set("VipsForeignLoadNsgif", FALSE);
}

// Which loader reads the header, chosen by Dateline's own sniffing, never by libvips'.
enum {
    DL_VIPS_JPEG = 1,
    DL_VIPS_PNG = 2,
    DL_VIPS_WEBP = 3,
    DL_VIPS_HEIF = 4,
    DL_VIPS_GIF = 5,
};

// Opens a picture lazily: only the header is read here; pixels are decoded later, and then only
// as they are asked for. `fail_on` at "truncated" makes a cut-short or corrupt file an error
// rather than a half-grey picture.
static inline int dl_vips_header(int loader, const void *buf, size_t len, VipsImage **out) {
    void *data = (void *) buf;
    switch (loader) {
    case DL_VIPS_JPEG:
        return vips_jpegload_buffer(data, len, out, "access", VIPS_ACCESS_SEQUENTIAL,
            "fail_on", VIPS_FAIL_ON_TRUNCATED, NULL);
    case DL_VIPS_PNG:
        return vips_pngload_buffer(data, len, out, "access", VIPS_ACCESS_SEQUENTIAL,
            "fail_on", VIPS_FAIL_ON_TRUNCATED, NULL);
    case DL_VIPS_WEBP:
        return vips_webpload_buffer(data, len, out, "access", VIPS_ACCESS_SEQUENTIAL,
            "fail_on", VIPS_FAIL_ON_TRUNCATED, NULL);
    case DL_VIPS_HEIF:
        return vips_heifload_buffer(data, len, out, "access", VIPS_ACCESS_SEQUENTIAL,
            "fail_on", VIPS_FAIL_ON_TRUNCATED, NULL);
    case DL_VIPS_GIF:
        return vips_gifload_buffer(data, len, out, "access", VIPS_ACCESS_SEQUENTIAL,
            "fail_on", VIPS_FAIL_ON_TRUNCATED, NULL);
    default:
        vips_error("dateline", "unknown loader %d", loader);
        return -1;
    }
}

// Decodes every pixel of an opened picture (sequentially, into a sink that keeps nothing):
// the only way to find damage past the header, such as a JPEG cut short.
static inline int dl_vips_decode_all(VipsImage *image) {
    double average = 0;
    return vips_avg(image, &average, NULL);
}

// A resized, upright, sRGB copy of the picture's first frame, `width` pixels wide at most and
// never wider than the original. Shrink-on-load keeps memory bounded for big JPEGs and WebPs.
// The result is lazy: `buf` must stay valid until the result has been saved.
static inline int dl_vips_thumbnail(const void *buf, size_t len, VipsImage **out, int width) {
    return vips_thumbnail_buffer((void *) buf, len, out, width,
        "height", VIPS_MAX_COORD,
        "size", VIPS_SIZE_DOWN,
        "import_profile", "srgb",
        "export_profile", "srgb",
        "fail_on", VIPS_FAIL_ON_TRUNCATED,
        // 8.14's thumbnail_buffer does not hand `fail_on` to the loader it reopens the buffer
        // with (a cut-short JPEG came out with a grey bottom); the loader's own option string does.
        "option_string", "fail_on=truncated",
        NULL);
}

// Puts a picture with transparency on a white background (JPEG has no alpha).
static inline int dl_vips_flatten_white(VipsImage *in, VipsImage **out) {
    double white[3] = {255, 255, 255};
    VipsArrayDouble *background = vips_array_double_new(white, 3);
    int result = vips_flatten(in, out, "background", background, NULL);
    vips_area_unref(VIPS_AREA(background));
    return result;
}

// A private copy of the image with every metadata field removed (EXIF blob and its parsed
// exif-ifd* fields, XMP, IPTC, Photoshop, ICC, orientation…). libvips 8.14's WebP saver ignores
// `strip` and writes what the image carries (libvips issue 3340); with nothing left, it still
// writes a fresh minimal EXIF block, which DatelineMedia removes from the bytes afterwards.
static inline int dl_vips_without_metadata(VipsImage *in, VipsImage **out) {
    if (vips_copy(in, out, NULL))
        return -1;
    gchar **fields = vips_image_get_fields(*out);
    for (int i = 0; fields[i]; i++)
        vips_image_remove(*out, fields[i]);
    g_strfreev(fields);
    return 0;
}

// The three savers. `strip` drops all metadata: EXIF (GPS, camera serials), XMP, IPTC and the
// ICC profile (the pixels are already sRGB, which browsers assume when no profile is given).
static inline int dl_vips_save_jpeg(VipsImage *in, void **buf, size_t *len, int quality) {
    return vips_jpegsave_buffer(in, buf, len, "Q", quality, "strip", TRUE,
        "optimize_coding", TRUE, "interlace", TRUE, NULL);
}

static inline int dl_vips_save_webp(VipsImage *in, void **buf, size_t *len, int quality, int effort) {
    return vips_webpsave_buffer(in, buf, len, "Q", quality, "strip", TRUE, "effort", effort, NULL);
}

static inline int dl_vips_save_avif(VipsImage *in, void **buf, size_t *len, int quality, int effort) {
    return vips_heifsave_buffer(in, buf, len, "Q", quality, "strip", TRUE, "effort", effort,
        "compression", VIPS_FOREIGN_HEIF_COMPRESSION_AV1, NULL);
}

// Saves by file suffix with libvips' defaults (metadata kept): for tests and tools that make
// pictures, never for anything served. `suffix` may carry options, as in ".jpg[Q=90]".
static inline int dl_vips_save_by_suffix(VipsImage *in, const char *suffix, void **buf, size_t *len) {
    return vips_image_write_to_buffer(in, suffix, buf, len, NULL);
}

// Opens any picture libvips can (no sniffing, no limits): for tests and tools.
static inline VipsImage *dl_vips_open_any(const void *buf, size_t len) {
    return vips_image_new_from_buffer(buf, len, "", NULL);
}

// Converts to 8-bit sRGB (for reading pixels back in tests and tools).
static inline int dl_vips_to_srgb(VipsImage *in, VipsImage **out) {
    return vips_colourspace(in, out, VIPS_INTERPRETATION_sRGB, NULL);
}

static inline int dl_vips_n_pages(VipsImage *image) {
    int pages = 1;
    if (vips_image_get_typeof(image, VIPS_META_N_PAGES) && vips_image_get_int(image, VIPS_META_N_PAGES, &pages) == 0)
        return pages;
    return 1;
}

static inline void dl_vips_unref(VipsImage *image) {
    if (image)
        g_object_unref(image);
}

static inline void dl_vips_free(void *buf) {
    g_free(buf);
}

// The error text libvips has gathered on this thread's behalf, as a copy to free with
// dl_vips_free; the buffer is cleared.
static inline char *dl_vips_take_error(void) {
    return vips_error_buffer_copy();
}

#endif
