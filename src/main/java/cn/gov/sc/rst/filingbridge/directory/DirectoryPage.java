package cn.gov.sc.rst.filingbridge.directory;

import cn.gov.sc.rst.filingbridge.intake.Prefectures;
import jakarta.servlet.http.HttpServletResponse;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.util.UriComponentsBuilder;

/**
 * 四川省职业技能考核鉴定机构备案公示: the directory as a server-rendered page in Chinese, usable without JavaScript. Result notices cite
 * {@code /directory} as where filings are published. The form's names (area, q, level, status), the button id
 * {@code search}, the table id {@code institutions} and the row class {@code institution} are relied on by tests.
 */
@Controller
class DirectoryPage {

    static final int PAGE_SIZE = 20;
    private static final Map<String, String> STATUSES = new LinkedHashMap<>();

    static {
        STATUSES.put("FILED", "已备案");
        STATUSES.put("CANCELLED", "已注销");
        STATUSES.put("REVOKED", "已撤销");
    }

    private final Directory directory;

    DirectoryPage(Directory directory) {
        this.directory = directory;
    }

    @GetMapping({"/directory", "/directory/"})
    String page(@RequestParam(required = false) String area, @RequestParam(required = false) String q,
                @RequestParam(required = false) String level, @RequestParam(required = false) String status,
                @RequestParam(required = false) String page, Model model, HttpServletResponse response) {
        model.addAttribute("prefectures", Prefectures.all());
        model.addAttribute("statuses", STATUSES);
        model.addAttribute("area", area == null ? "" : area);
        model.addAttribute("q", q == null ? "" : q);
        model.addAttribute("level", level == null ? "" : level);
        model.addAttribute("status", status == null ? "" : status.toUpperCase(Locale.ROOT));
        try {
            DirectoryQuery query = DirectoryQuery.parse(area, null, q, level, status, page,
                    String.valueOf(PAGE_SIZE));
            Directory.Page result = directory.search(query);
            model.addAttribute("result", result);
            if (result.page() > 0) {
                model.addAttribute("previous", link(area, q, level, status, result.page() - 1));
            }
            if (result.page() + 1 < result.pages()) {
                model.addAttribute("next", link(area, q, level, status, result.page() + 1));
            }
        } catch (BadDirectoryQueryException e) {
            response.setStatus(400);
            model.addAttribute("error", e.getMessage());
        }
        return "directory";
    }

    private static String link(String area, String q, String level, String status, int page) {
        UriComponentsBuilder uri = UriComponentsBuilder.fromPath("/directory");
        put(uri, "area", area);
        put(uri, "q", q);
        put(uri, "level", level);
        put(uri, "status", status);
        uri.queryParam("page", page);
        return uri.encode().build().toUriString();
    }

    private static void put(UriComponentsBuilder uri, String name, String value) {
        if (value != null && !value.isBlank()) {
            uri.queryParam(name, value);
        }
    }
}
