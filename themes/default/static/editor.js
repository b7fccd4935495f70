// The article editor of the back office: SunEditor (static/vendor/suneditor, MIT) over the
// body's textarea, with Vietnamese labels and only what an agency's article needs. Without
// JavaScript the textarea stays a plain HTML field; either way the server keeps only what its
// allow-list allows, so nothing here is a security boundary.
(function () {
  "use strict";
  var area = document.querySelector("textarea[data-editor]");
  if (!area || !window.SUNEDITOR) {
    return;
  }
  // Labels in Vietnamese (our own wording), every key SunEditor 3.3 asks for: a missing one
  // shows as "undefined".
  var vi = {
    code: "vi",
    align: "Căn lề",
    alignBottom: "Căn dưới",
    alignCenter: "Căn giữa",
    alignJustify: "Căn đều hai bên",
    alignLeft: "Căn trái",
    alignMiddle: "Căn giữa theo chiều dọc",
    alignRight: "Căn phải",
    alignTop: "Căn trên",
    anchor: "Neo",
    asBlock: "Thành khối",
    asInline: "Trong dòng",
    asLink: "Thành liên kết",
    autoSize: "Cỡ tự động",
    basic: "Cơ bản",
    blockStyle: "Kiểu đoạn",
    bold: "Chữ đậm",
    border: "Viền",
    border_all: "Viền tất cả",
    border_inside: "Viền bên trong",
    border_horizontal: "Viền ngang",
    border_vertical: "Viền dọc",
    border_outside: "Viền ngoài",
    border_left: "Viền trái",
    border_top: "Viền trên",
    border_right: "Viền phải",
    border_bottom: "Viền dưới",
    border_none: "Không viền",
    bulletedList: "Danh sách dấu chấm",
    cancel: "Hủy",
    caption: "Nhập chú thích ảnh",
    cellProperties: "Thuộc tính ô",
    center: "Giữa",
    close: "Đóng",
    codeView: "Xem mã HTML",
    color: "Màu",
    column: "Cột",
    copy: "Sao chép",
    cut: "Cắt",
    default: "Mặc định",
    deleteColumn: "Xóa cột",
    deleteRow: "Xóa hàng",
    edit: "Sửa",
    height: "Chiều cao",
    horizontalLine: "Đường kẻ ngang",
    hr_dashed: "Nét đứt",
    hr_dotted: "Chấm",
    hr_solid: "Nét liền",
    image: "Ảnh",
    image_modal_altText: "Mô tả ảnh (cho người không xem được ảnh)",
    image_modal_file: "Chọn từ máy",
    image_modal_title: "Chèn ảnh",
    image_modal_url: "Đường dẫn ảnh trên cổng",
    indent: "Thụt vào",
    insertColumnAfter: "Chèn cột bên phải",
    insertColumnBefore: "Chèn cột bên trái",
    insertRowAbove: "Chèn hàng phía trên",
    insertRowBelow: "Chèn hàng phía dưới",
    insertLine: "Chèn dòng",
    italic: "Chữ nghiêng",
    left: "Trái",
    link: "Liên kết",
    link_modal_bookmark: "Dấu trang",
    link_modal_downloadLinkCheck: "Liên kết tải về",
    link_modal_newWindowCheck: "Mở trong cửa sổ mới",
    link_modal_text: "Chữ hiển thị",
    link_modal_title: "Chèn liên kết",
    link_modal_url: "Địa chỉ liên kết",
    link_modal_relAttribute: "Thuộc tính rel",
    list: "Danh sách",
    maxSize: "Cỡ lớn nhất",
    mergeCells: "Gộp ô",
    minSize: "Cỡ nhỏ nhất",
    numberedList: "Danh sách đánh số",
    outdent: "Lùi ra",
    proportion: "Giữ tỉ lệ",
    ratio: "Tỉ lệ",
    redo: "Làm lại",
    remove: "Xóa",
    removeFormat: "Bỏ định dạng",
    resize100: "Cỡ 100%",
    resize25: "Cỡ 25%",
    resize50: "Cỡ 50%",
    resize75: "Cỡ 75%",
    resize: "Đổi cỡ",
    revert: "Trở lại ban đầu",
    right: "Phải",
    row: "Hàng",
    save: "Lưu",
    size: "Cỡ",
    splitCells: "Tách ô",
    strike: "Gạch ngang",
    submitButton: "Đồng ý",
    table: "Bảng",
    tableHeader: "Hàng tiêu đề của bảng",
    tableProperties: "Thuộc tính bảng",
    tag_blockquote: "Trích dẫn",
    tag_div: "Khối thường",
    tag_h: "Tiêu đề",
    tag_p: "Đoạn văn",
    tag_pre: "Mã",
    title: "Tiêu đề",
    underline: "Gạch chân",
    undo: "Hoàn tác",
    unmergeCells: "Bỏ gộp ô",
    unlink: "Bỏ liên kết",
    width: "Chiều rộng",
    audio: "Âm thanh",
    audioGallery: "Thư viện âm thanh",
    audio_modal_file: "Chọn từ máy",
    audio_modal_title: "Chèn âm thanh",
    audio_modal_url: "Đường dẫn âm thanh",
    backgroundColor: "Màu nền",
    colorPicker: "Chọn màu",
    comment: "Ghi chú",
    commentAdd: "Thêm ghi chú",
    commentShow: "Xem ghi chú",
    copyFormat: "Chép định dạng",
    dir_ltr: "Từ trái sang phải",
    dir_rtl: "Từ phải sang trái",
    download: "Tải về",
    drag: "Kéo",
    drawing: "Vẽ",
    drawing_modal_title: "Vẽ",
    embed: "Nhúng",
    embed_modal_title: "Nhúng nội dung",
    embed_modal_source: "Mã nhúng hoặc đường dẫn",
    exportPDF: "Xuất PDF",
    exportWord: "Xuất Word",
    find: "Tìm",
    decrease: "Giảm",
    increase: "Tăng",
    fileBrowser: "Duyệt tệp",
    fileGallery: "Thư viện tệp",
    fileUpload: "Tải tệp lên",
    fixedColumnWidth: "Cố định độ rộng cột",
    font: "Phông chữ",
    fontColor: "Màu chữ",
    fontSize: "Cỡ chữ",
    formats: "Định dạng",
    fullScreen: "Toàn màn hình",
    horizontalSplit: "Chia ngang",
    id: "Mã định danh",
    imageGallery: "Thư viện ảnh",
    importWord: "Nhập từ Word",
    inlineStyle: "Kiểu trong dòng",
    layout: "Bố cục",
    lineHeight: "Giãn dòng",
    markdownView: "Xem Markdown",
    math: "Công thức",
    math_modal_fontSizeLabel: "Cỡ chữ",
    math_modal_inputLabel: "Ký hiệu toán học",
    math_modal_previewLabel: "Xem trước",
    math_modal_title: "Công thức",
    mediaGallery: "Thư viện đa phương tiện",
    menu_bordered: "Có viền",
    menu_code: "Mã",
    menu_neon: "Sáng",
    menu_shadow: "Đổ bóng",
    menu_spaced: "Giãn cách",
    menu_translucent: "Trong mờ",
    mirrorHorizontal: "Lật ngang",
    mirrorVertical: "Lật dọc",
    newDocument: "Văn bản mới",
    pageBreak: "Ngắt trang",
    pageDown: "Trang sau",
    pageNumber: "Số trang",
    pageUp: "Trang trước",
    paragraphStyle: "Kiểu đoạn văn",
    preview: "Xem trước",
    print: "In",
    replace: "Thay thế",
    replaceAll: "Thay tất cả",
    revisionHistory: "Lịch sử sửa",
    rotateLeft: "Xoay trái",
    rotateRight: "Xoay phải",
    search: "Tìm kiếm",
    selectAll: "Chọn tất cả",
    showBlocks: "Hiện khối",
    subscript: "Chỉ số dưới",
    superscript: "Chỉ số trên",
    tags: "Thẻ",
    codeBlock: "Khối mã",
    template: "Mẫu",
    textStyle: "Kiểu chữ",
    verticalSplit: "Chia dọc",
    video: "Video",
    videoGallery: "Thư viện video",
    video_modal_file: "Chọn từ máy",
    video_modal_title: "Chèn video",
    video_modal_url: "Đường dẫn video",
    codeLanguage: "Ngôn ngữ",
    codeLanguage_none: "Không",
    finder_matchCase: "Phân biệt hoa thường",
    finder_wholeWord: "Cả từ",
    finder_regex: "Biểu thức chính quy",
    finder_prev: "Kết quả trước",
    finder_next: "Kết quả sau",
    message_copy_success: "Đã chép vào bộ nhớ tạm",
    message_copy_fail: "Không chép được. Hãy chép bằng tay.",
  };
  var plugins = window.SUNEDITOR.plugins;
  var editor = window.SUNEDITOR.create(area, {
    lang: vi,
    plugins: [
      plugins.blockStyle,
      plugins.list_numbered,
      plugins.list_bulleted,
      plugins.blockquote,
      plugins.link,
      plugins.table,
      plugins.image,
      plugins.hr,
    ],
    buttonList: [
      ["undo", "redo"],
      ["blockStyle"],
      ["bold", "italic", "underline", "strike"],
      ["list_numbered", "list_bulleted", "blockquote"],
      ["link", "table", "image", "hr"],
      ["removeFormat", "codeView"],
    ],
    // Headings start at h2: the article's title is the page's h1.
    blockStyle: { items: ["p", "h2", "h3", "h4", "blockquote"] },
    // Photos come by address (the media library replaces this with uploads); a caption and
    // alt text belong with each.
    image: { createFileInput: false, createUrlInput: true, canResize: false },
    width: "100%",
    height: "auto",
    minHeight: "320px",
  });
  // The small arrow beside a list button opens the list's styles; it has no name of its own,
  // which a screen reader would announce as just "button".
  var arrows = document.querySelectorAll(".se-toolbar .se-sub-arrow-btn");
  Array.prototype.forEach.call(arrows, function (arrow) {
    if (!arrow.getAttribute("aria-label")) {
      var main = arrow.getAttribute("data-command");
      var label = main === "list_numbered" ? vi.numberedList : vi.bulletedList;
      arrow.setAttribute("aria-label", label + ": " + vi.formats);
    }
  });
  // SunEditor turns an address without a scheme into "/" + address, so "/media/a.jpg" would
  // become "//media/a.jpg", another host. Addresses of this site go in whole (origin included)
  // and come back to site paths when the article is saved.
  var origin = window.location.origin;
  document.addEventListener(
    "submit",
    function (event) {
      if (!event.target.closest || !event.target.closest(".se-modal")) {
        return;
      }
      var inputs = event.target.querySelectorAll("input.se-input-url");
      Array.prototype.forEach.call(inputs, function (input) {
        var v = input.value.trim();
        if (v.charAt(0) === "/" && v.charAt(1) !== "/") {
          input.value = origin + v;
          input.dispatchEvent(new Event("input", { bubbles: true }));
        }
      });
    },
    true
  );
  var ownAddress = new RegExp('(src|href)="' + origin.replace(/[.*+?^${}()|[\]\\]/g, "\\$&") + "/", "g");
  // The form posts the textarea: keep it in step with what the editor shows.
  var form = area.form;
  if (form) {
    form.addEventListener("submit", function () {
      area.value = editor.$.html.get().replace(ownAddress, '$1="/');
    });
  }
  window.congEditor = editor;
})();
