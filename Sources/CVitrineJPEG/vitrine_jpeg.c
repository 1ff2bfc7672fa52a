#include "vitrine_jpeg.h"

#include <setjmp.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <jpeglib.h>

typedef struct {
    struct jpeg_error_mgr base;
    jmp_buf escape;
} escaping_error_mgr;

static void escape_on_error(j_common_ptr info) {
    escaping_error_mgr *errors = (escaping_error_mgr *)info->err;
    longjmp(errors->escape, 1);
}

/* Warnings (corrupt but recoverable data) are not errors: libjpeg fills what it can. */
static void ignore_message(j_common_ptr info, int level) { (void)info; (void)level; }

vitrine_jpeg_status vitrine_jpeg_decode(const uint8_t *data, size_t size, size_t max_pixels,
                                        uint8_t **pixels, int *width, int *height, int *channels,
                                        char *message, size_t message_size) {
    struct jpeg_decompress_struct info;
    escaping_error_mgr errors;
    /* volatile: read after longjmp. */
    uint8_t *volatile buffer = NULL;
    *pixels = NULL;
    if (message_size > 0) message[0] = '\0';
    info.err = jpeg_std_error(&errors.base);
    errors.base.error_exit = escape_on_error;
    errors.base.emit_message = ignore_message;
    if (setjmp(errors.escape)) {
        if (message_size > 0) (*errors.base.format_message)((j_common_ptr)&info, message);
        jpeg_destroy_decompress(&info);
        free(buffer);
        return VITRINE_JPEG_INVALID;
    }
    jpeg_create_decompress(&info);
    jpeg_mem_src(&info, data, (unsigned long)size);
    jpeg_read_header(&info, TRUE);
    *width = (int)info.image_width;
    *height = (int)info.image_height;
    if ((size_t)info.image_width * (size_t)info.image_height > max_pixels) {
        jpeg_destroy_decompress(&info);
        return VITRINE_JPEG_TOO_LARGE;
    }
    if (info.jpeg_color_space == JCS_CMYK || info.jpeg_color_space == JCS_YCCK) {
        snprintf(message, message_size, "%s colour space", info.jpeg_color_space == JCS_CMYK ? "CMYK" : "YCCK");
        jpeg_destroy_decompress(&info);
        return VITRINE_JPEG_UNSUPPORTED;
    }
    info.out_color_space = info.jpeg_color_space == JCS_GRAYSCALE ? JCS_GRAYSCALE : JCS_RGB;
    jpeg_start_decompress(&info);
    size_t stride = (size_t)info.output_width * (size_t)info.output_components;
    buffer = malloc(stride * info.output_height);
    if (buffer == NULL) {
        jpeg_destroy_decompress(&info);
        return VITRINE_JPEG_NO_MEMORY;
    }
    while (info.output_scanline < info.output_height) {
        JSAMPROW row = buffer + (size_t)info.output_scanline * stride;
        jpeg_read_scanlines(&info, &row, 1);
    }
    jpeg_finish_decompress(&info);
    *width = (int)info.output_width;
    *height = (int)info.output_height;
    *channels = info.output_components;
    jpeg_destroy_decompress(&info);
    *pixels = buffer;
    return VITRINE_JPEG_OK;
}
