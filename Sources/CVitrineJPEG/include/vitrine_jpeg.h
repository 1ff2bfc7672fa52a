#ifndef VITRINE_JPEG_H
#define VITRINE_JPEG_H

#include <stddef.h>
#include <stdint.h>

/// The outcome of vitrine_jpeg_decode.
typedef enum {
    VITRINE_JPEG_OK = 0,
    /// libjpeg refused the data; `message` says why.
    VITRINE_JPEG_INVALID = 1,
    /// The header declares more than `max_pixels` pixels; width and height are set.
    VITRINE_JPEG_TOO_LARGE = 2,
    /// A colour space the decoder does not convert (CMYK, YCCK); `message` names it.
    VITRINE_JPEG_UNSUPPORTED = 3,
    /// The pixel buffer could not be allocated.
    VITRINE_JPEG_NO_MEMORY = 4,
} vitrine_jpeg_status;

/// Decodes a baseline or progressive JPEG from memory into 8-bit samples, RGB (3 channels) for
/// colour images and gray (1 channel) for grayscale ones, rows top to bottom, interleaved.
///
/// libjpeg reports errors by longjmp, which Swift cannot catch; this function keeps the setjmp
/// on the C side and returns a status with libjpeg's message instead. Images whose header
/// declares more than `max_pixels` pixels are refused before any pixel memory is allocated.
/// On success `*pixels` is malloc'ed and the caller frees it with free().
vitrine_jpeg_status vitrine_jpeg_decode(const uint8_t *data, size_t size, size_t max_pixels,
                                        uint8_t **pixels, int *width, int *height, int *channels,
                                        char *message, size_t message_size);

#endif
