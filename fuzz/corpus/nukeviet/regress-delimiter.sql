CREATE TABLE `nv4_vi_modules` (`title` varchar(50), `module_file` varchar(50), `module_data` varchar(50), `module_upload` varchar(50));
INSERT INTO `nv4_vi_modules` VALUES ('news','news','news','news');
CREATE TABLE `nv4_vi_news_cat` (`catid` int, `parentid` int, `title` varchar(250), `alias` varchar(250));
INSERT INTO `nv4_vi_news_cat` VALUES (1,0,'Tin tức','tin-tuc');
CREATE TABLE `nv4_vi_news_rows` (`id` int, `catid` int, `listcatid` varchar(255), `title` varchar(250), `alias` varchar(250), `status` int);
DELIMITER $$
INSERT INTO `nv4_vi_news_rows` VALUES (1,1,'1','Bài; một','bai',1),(2,1,'1','Hai','hai',1)$$
DELIMITER ;
CREATE TABLE `nv4_vi_news_detail` (`id` int, `bodyhtml` longtext);
INSERT INTO `nv4_vi_news_detail` VALUES (1,'<p>Một</p>'),(2,'<p>Hai</p>');
